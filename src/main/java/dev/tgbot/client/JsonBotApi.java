package dev.tgbot.client;

import java.net.URI;
import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

/**
 * The Bot API's JSON calls straight on a Vert.x HTTP client: {@code POST {bot.api-url}/bot{token}/{method}} with a
 * JSON body, the answer as the raw envelope text. Every call of a bot goes this way except uploads (multipart, on
 * the REST client of {@link TelegramBotApi}). It exists because the REST client's per-call machinery (filters, context
 * propagation, its serialisers) cost a measurable part of the CPU of a cold drain (README "Run it in a small
 * container"); error answers are mapped exactly as {@link TelegramBotApi#toException}: every HTTP status of 400 and
 * above becomes a {@link TelegramApiException} ({@link TelegramBotApi#error}). The path holds the token: it appears in
 * no exception message (transport errors are redacted by {@link BotApiClient}).
 */
final class JsonBotApi {

    private final HttpClient client;
    /**
     * The one event-loop context every call starts on, whoever calls: the pool's connections then live on its event
     * loop and a response's head, body and end are handled on that one thread in order.
     */
    private final ContextInternal context;
    private final String basePath;
    private final String host;
    private final int port;
    private final long idleTimeoutMillis;

    /**
     * @param vertx the application's Vert.x
     * @param baseUri {@code {bot.api-url}/bot{token}}
     * @param readTimeout the longest silence on a connection during one call
     * @param connectTimeout the longest wait for a connection
     * @param poolSize the most connections at once
     */
    JsonBotApi(Vertx vertx, URI baseUri, Duration readTimeout, Duration connectTimeout, int poolSize) {
        boolean tls = "https".equalsIgnoreCase(baseUri.getScheme());
        this.host = baseUri.getHost();
        this.port = baseUri.getPort() != -1 ? baseUri.getPort() : tls ? 443 : 80;
        String path = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        this.basePath = path.endsWith("/") ? path : path + "/";
        this.idleTimeoutMillis = readTimeout.toMillis();
        HttpClientOptions options = new HttpClientOptions().setMaxPoolSize(poolSize).setKeepAlive(true)
                .setConnectTimeout((int) Math.min(connectTimeout.toMillis(), Integer.MAX_VALUE)).setSsl(tls)
                .setDefaultHost(host).setDefaultPort(port).setTryUseCompression(false);
        if (tls) {
            options.setVerifyHost(true);
        }
        this.client = vertx.createHttpClient(options);
        this.context = ((VertxInternal) vertx).createEventLoopContext();
    }

    /**
     * @param method the Bot API method, such as {@code sendMessage}
     * @param body the JSON body
     * @return the answer's text (status below 400), else a failed Uni with a {@link TelegramApiException}; an answer
     *         below 400 that is not a JSON object (an HTML page) fails as {@link TelegramApiException#notBotApiAnswer}
     */
    Uni<String> json(String method, String body) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(basePath + method).setIdleTimeout(idleTimeoutMillis).setFollowRedirects(false)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        // Every call starts on the client's own event-loop context, never on the caller's. Started from a caller's
        // context on another event loop (a webhook request's, a worker's), the response could be handed over to the
        // caller's thread after its body had already gone by, and the call then waited for its time limit (seen now
        // and then in tests). The Uni completes on that event loop: downstream work must not block.
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> client.request(request)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> {
                    int status = response.statusCode();
                    if (status >= 400) {
                        throw TelegramBotApi.error(status, response.statusMessage(), answer.toString(),
                                response.getHeader("Retry-After"));
                    }
                    String text = answer.toString();
                    if (!startsLikeJsonObject(text)) {
                        // a captive portal's or a proxy's page answered for Telegram: an outage, not a crash
                        throw TelegramApiException.notBotApiAnswer("request", response.getHeader("Content-Type"), text);
                    }
                    return text;
                })).onComplete(done -> {
                    if (done.succeeded()) {
                        emitter.complete(done.result());
                    } else {
                        emitter.fail(done.cause());
                    }
                })));
    }

    private static boolean startsLikeJsonObject(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    /** Closes the connections: a call in flight fails at once. */
    void close() {
        client.close();
    }
}
