package dev.tgbot.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;

/**
 * The Bot API over a Vert.x HTTP client: {@code POST {bot.api-url}/bot{token}/{method}} with a JSON body
 * ({@link #json}) or, for methods that upload a new file, {@code multipart/form-data} streamed from disk
 * ({@link #multipart}, Vert.x' web client on the same connections); the answer as the raw envelope text, which the
 * method object parses into its result type. Every HTTP status of 400 and above becomes a {@link TelegramApiException}
 * ({@link #error}). The path holds the token: it appears in no exception message (transport errors are redacted by
 * {@link BotApiClient}). A Quarkus REST Client carried the uploads before; its extension's configuration cost every
 * start some 20 ms and its per-call machinery a measurable part of a cold drain's CPU (README "Run it in a small
 * container").
 */
final class HttpBotApi {

    private final HttpClient client;
    /** Uploads: Vert.x' web client over {@link #client}, so on its connections and pool. */
    private final WebClient web;
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
    HttpBotApi(Vertx vertx, URI baseUri, Duration readTimeout, Duration connectTimeout, int poolSize) {
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
        this.web = WebClient.wrap(client);
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
        return onContext(() -> client.request(request).compose(req -> req.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(answer -> answer(response.statusCode(),
                        response.statusMessage(), answer.toString(), response.getHeader("Retry-After"),
                        response.getHeader("Content-Type")))));
    }

    /**
     * @param method the Bot API method, such as {@code sendDocument}
     * @param form the parameters as text fields and the files, sent as {@code multipart/form-data}; the files are
     *        read from disk while they are sent (a form is sent once: a retry needs a new one)
     * @return the answer's text (status below 400), else a failed Uni with a {@link TelegramApiException}; an answer
     *         below 400 that is not a JSON object fails as {@link TelegramApiException#notBotApiAnswer}
     */
    Uni<String> multipart(String method, MultipartForm form) {
        return onContext(() -> web.post(port, host, basePath + method).idleTimeout(idleTimeoutMillis)
                .followRedirects(false).putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
                .sendMultipartForm(form).map(response -> answer(response.statusCode(), response.statusMessage(),
                        response.body() == null ? "" : response.bodyAsString(), response.getHeader("Retry-After"),
                        response.getHeader("Content-Type"))));
    }

    /** Starts a call on {@link #context} (see {@link #json}) and hands its outcome to the Uni's subscriber. */
    private Uni<String> onContext(Supplier<Future<String>> call) {
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            Future<String> started;
            try {
                started = call.get();
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            started.onComplete(done -> {
                if (done.succeeded()) {
                    emitter.complete(done.result());
                } else {
                    emitter.fail(done.cause());
                }
            });
        }));
    }

    /**
     * @return the answer's text when the status is below 400 and the text is a JSON object
     * @throws TelegramApiException for status 400 and above ({@link #error}), or for an answer that is no JSON object:
     *         a captive portal's or a proxy's page answered for Telegram, an outage, not a crash
     */
    private static String answer(int status, String reason, String text, String retryAfter, String contentType) {
        if (status >= 400) {
            throw error(status, reason, text, retryAfter);
        }
        if (!startsLikeJsonObject(text)) {
            throw TelegramApiException.notBotApiAnswer("request", contentType, text);
        }
        return text;
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

    /**
     * An error answer (HTTP status 400 and above) as an exception: from the error envelope when the body is one;
     * {@link TelegramApiException#notAnEnvelope} for JSON that is no envelope; else (a 502 HTML page) from the status
     * line. {@code Retry-After} fills in a missing {@code retry_after}.
     *
     * @param status the HTTP status
     * @param reason the reason phrase, or null
     * @param body the answer's text
     * @param retryAfterHeader the {@code Retry-After} header (seconds), or null
     * @return the exception, with method "request" (the caller names the method)
     */
    static TelegramApiException error(int status, String reason, String body, String retryAfterHeader) {
        Integer retryAfter = parseInt(retryAfterHeader);
        Long migrateTo = null;
        String description = null;
        boolean envelope = false;
        try {
            JsonNode json = LibraryJson.mapper().readTree(body);
            if (json != null && json.isObject() && !json.has("ok")) {
                String text = body.length() > 200 ? body.substring(0, 200) + "..." : body;
                return TelegramApiException.notAnEnvelope("request", status, TokenRedactor.redact(text.strip()));
            }
            if (json != null && json.isObject()) {
                envelope = true;
                description = json.path("description").asText(null);
                JsonNode after = json.path("parameters").path("retry_after");
                if (after.isNumber()) {
                    retryAfter = after.asInt();
                }
                JsonNode migrate = json.path("parameters").path("migrate_to_chat_id");
                if (migrate.isNumber()) {
                    migrateTo = migrate.asLong();
                }
            }
        } catch (Exception notJson) {
            // an HTML error page from a proxy or front end: described by its status below
        }
        if (description == null) {
            description = "HTTP " + status + (reason == null ? "" : " " + reason) + " with a non-JSON body";
        }
        String text = TokenRedactor.redact(description);
        return envelope ? TelegramApiException.errorEnvelope("request", status, text, retryAfter, migrateTo)
                : new TelegramApiException("request", status, text, retryAfter, migrateTo);
    }

    private static Integer parseInt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Closes the connections: a call in flight fails at once. */
    void close() {
        web.close();
    }
}
