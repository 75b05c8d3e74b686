package dev.tgbot.client;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.WebhookInfo;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import dev.tgbot.config.BotSettings;
import dev.tgbot.lifecycle.Timeouts;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;

/**
 * The Bot API client: every method of the <a href="https://core.telegram.org/bots/api">Bot API</a> through
 * {@link #execute(PartialBotApiMethod)}, with the method objects and types of telegrambots-meta (Bot API 10.2), plus
 * the intake's own calls with their policies ({@link BotApiGuards}).
 * <p>
 * Every failure arrives as a {@link TelegramApiException} whose message never contains the token. Each attempt is
 * bounded in time: {@code bot.request-timeout} for ordinary calls, the long-poll timeout plus 15 s for getUpdates.
 * Nothing else in the service builds Bot API URLs or bodies. JSON calls go over a Vert.x HTTP client
 * ({@link JsonBotApi}); uploads over the Quarkus REST client ({@link TelegramBotApi}), built on the first upload.
 */
@ApplicationScoped
public class BotApiClient {

    private static final Logger LOG = Logger.getLogger(BotApiClient.class);
    /** Configures the library's mapper before it parses anything (see {@link LibraryJson}). */
    private static final ObjectMapper LIBRARY_JSON = LibraryJson.mapper();

    private final BotSettings settings;
    private final PollingMonitor monitor;
    private final Duration requestTimeout;
    private final Duration pollRequestTimeout;
    private final Vertx vertx;
    private final URI baseUri;
    private final int poolSize;
    /** JSON calls: every call but uploads. */
    private final JsonBotApi api;
    /** The long poll's own connections, closed at once on {@link #closePolling()}. */
    private volatile JsonBotApi pollingApi;
    /** Uploads (multipart) on the REST client, built on the first upload. */
    private TelegramBotApi uploads;
    private final AtomicBoolean pollingClosed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    BotApiClient(BotSettings settings, PollingMonitor monitor, Vertx vertx) {
        this.settings = settings;
        this.monitor = monitor;
        this.vertx = vertx;
        this.requestTimeout = settings.config().requestTimeout();
        this.pollRequestTimeout = Duration.ofSeconds(settings.pollTimeoutSeconds() + 15L);
        this.baseUri = URI.create(settings.apiUrl() + "/bot" + settings.token());
        this.poolSize = Math.max(100, settings.config().dispatch().concurrency());
        this.api = json(requestTimeout, poolSize);
        this.pollingApi = json(pollRequestTimeout, 2);
    }

    private JsonBotApi json(Duration readTimeout, int connections) {
        return new JsonBotApi(vertx, baseUri, readTimeout, Duration.ofMillis(Math.min(requestTimeout.toMillis(), 10_000)),
                connections);
    }

    private synchronized TelegramBotApi uploads() {
        if (uploads == null) {
            uploads = build(requestTimeout, poolSize);
        }
        return uploads;
    }

    private TelegramBotApi build(Duration readTimeout, int poolSize) {
        HttpClientOptions options = new HttpClientOptions().setMaxPoolSize(poolSize).setKeepAlive(true)
                .setConnectTimeout((int) Math.min(requestTimeout.toMillis(), 10_000));
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUri)
                .httpClientOptions(options)
                .connectTimeout(Math.min(requestTimeout.toMillis(), 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .disableDefaultMapper(true)
                .build(TelegramBotApi.class);
    }

    /**
     * Calls any Bot API method: {@code execute(SendMessage.builder().chatId(42L).text("hi").build())}. JSON methods
     * go as JSON; methods carrying a new file ({@code SendPhoto} with an {@code InputFile} from a {@code File} or a
     * stream, {@code SendMediaGroup}, ...) go as {@code multipart/form-data}, streamed from disk. The policy is
     * sendMessage's ({@link BotApiGuards#SEND}): a 429 waits {@code retry_after}, transient failures are retried for
     * up to 2 minutes, a 401 or a 400 never; nothing blocks an event loop meanwhile. The result arrives on the Bot API
     * client's own Vert.x event loop (one for the whole process), not on the caller's thread: continuations must not
     * block; move blocking work to a worker ({@code emitOn(Infrastructure.getDefaultWorkerPool())}).
     *
     * @param <T> the method's result type, such as {@code Message}, {@code Boolean} or {@code ArrayList<...>}
     * @param method the method object; validated first ({@code validate()})
     * @return the method's result, parsed by the method object
     * @throws TelegramApiException (as the Uni's failure) with {@code error_code}, {@code description},
     *         {@code retry_after} and {@code migrate_to_chat_id}; 400 with the library's words for an invalid method
     */
    public <T extends Serializable> Uni<T> execute(PartialBotApiMethod<T> method) {
        String name = BotApiRequest.nameOf(method);
        try {
            method.validate();
        } catch (org.telegram.telegrambots.meta.exceptions.TelegramApiValidationException invalid) {
            return Uni.createFrom().failure(new TelegramApiException(name, 400,
                    "Bad Request: " + TokenRedactor.redact(invalid.getMessage()), null));
        }
        // Reading a stream to upload blocks: prepare on a worker, then send from there without blocking.
        Uni<BotApiRequest> prepared = Uni.createFrom().item(() -> BotApiRequest.of(method));
        if (BotApiRequest.mayUpload(method)) {
            prepared = prepared.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return prepared.onFailure(e -> !(e instanceof TelegramApiException)).transform(e -> new TelegramApiException(
                name, 400, "Bad Request: " + TokenRedactor.redact(String.valueOf(e.getMessage())), null))
                .chain(request -> send(method, request).eventually(request::close));
    }

    /** One guarded call of a prepared request: retried as a whole (a new multipart form each time). */
    @ApplyGuard(BotApiGuards.SEND)
    <T extends Serializable> Uni<T> send(PartialBotApiMethod<T> method, BotApiRequest request) {
        return call(method, request, api, requestTimeout);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#getme">getMe</a>: proves the token (not the intake).
     *
     * @return the bot's user
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<User> getMe() {
        return call(new GetMe(), api, requestTimeout);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#getwebhookinfo">getWebhookInfo</a>.
     *
     * @return the current webhook status; {@code url} is empty when none is set
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<WebhookInfo> getWebhookInfo() {
        return call(new GetWebhookInfo(), api, requestTimeout);
    }

    /**
     * getWebhookInfo just before polling starts, over the long poll's own connections when they are open (else over
     * the others): the first getUpdates then finds a connection open instead of making one, which on the real
     * network is a TCP and a TLS handshake, two or three round trips, before the first long poll.
     *
     * @return the current webhook status; {@code url} is empty when none is set
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<WebhookInfo> getWebhookInfoBeforePolling() {
        return call(new GetWebhookInfo(), pollingClosed.get() ? api : pollingApi, requestTimeout);
    }

    /**
     * getWebhookInfo as one attempt bounded by {@code timeout}, for diagnostics that must not wait for retries.
     *
     * @param timeout upper bound of the attempt
     * @return the webhook status
     */
    public Uni<WebhookInfo> getWebhookInfoOnce(Duration timeout) {
        return call(new GetWebhookInfo(), api, timeout);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#setwebhook">setWebhook</a> (JSON, or multipart with a
     * certificate).
     *
     * @param request url, secret token, max connections, allowed updates, drop pending updates
     * @return true on success
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<Boolean> setWebhook(SetWebhook request) {
        return call(request, api, requestTimeout);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#deletewebhook">deleteWebhook</a>.
     *
     * @param dropPendingUpdates true to drop all pending updates as well
     * @return true on success (also when no webhook was set)
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<Boolean> deleteWebhook(boolean dropPendingUpdates) {
        return call(DeleteWebhook.builder().dropPendingUpdates(dropPendingUpdates ? Boolean.TRUE : null).build(), api,
                requestTimeout);
    }

    /**
     * One long poll: <a href="https://core.telegram.org/bots/api#getupdates">getUpdates</a> under the polling
     * policy ({@link BotApiGuards#POLL}). Conflicts and outages are reported to {@link PollingMonitor}.
     *
     * @param request offset, limit, timeout (seconds), allowed updates
     * @param active checked before every attempt; when false the call fails with {@link PollingStoppedException}
     * @return the updates, possibly none
     */
    @ApplyGuard(BotApiGuards.POLL)
    public Uni<List<Update>> getUpdates(GetUpdates request, BooleanSupplier active) {
        if (!active.getAsBoolean()) {
            return Uni.createFrom().failure(new PollingStoppedException());
        }
        return call(request, pollingApi, pollRequestTimeout).<List<Update>> map(updates -> updates)
                .onItem().invoke(monitor::onPollSuccess)
                .onFailure(TelegramApiException.class).invoke(e -> {
                    if (!active.getAsBoolean()) {
                        return;
                    }
                    TelegramApiException api = (TelegramApiException) e;
                    if (ApiFailures.IS_POLLING_CONFLICT.test(api)) {
                        monitor.onConflict(api);
                    } else if (ApiFailures.IS_TRANSIENT_OR_RATE_LIMITED.test(api)) {
                        monitor.onTransient(api);
                    }
                });
    }

    /**
     * Confirms every update below {@code offset} with one getUpdates(offset, limit 1, timeout 0), without
     * retries. A call that returns at once never evicts another instance's long poll.
     *
     * @param offset the first update_id not handled yet
     * @param timeout upper bound of the call
     * @return completes when Telegram has answered
     */
    public Uni<Void> confirmOffset(long offset, Duration timeout) {
        return call(GetUpdates.builder().offset((int) offset).limit(1).timeout(0).build(), api, timeout)
                .replaceWithVoid();
    }

    private <T extends Serializable> Uni<T> call(PartialBotApiMethod<T> method, JsonBotApi client,
            Duration timeout) {
        return Uni.createFrom().item(() -> BotApiRequest.of(method))
                .chain(request -> call(method, request, client, timeout).eventually(request::close));
    }

    private <T extends Serializable> Uni<T> call(PartialBotApiMethod<T> method, BotApiRequest request,
            JsonBotApi client, Duration timeout) {
        String name = BotApiRequest.nameOf(method);
        String path = request.method();
        return Uni.createFrom().<String> deferred(() -> request.multipart() ? uploads().multipart(path, request.form())
                : client.json(path, request.json()))
                .ifNoItem().after(timeout).on(Timeouts.scheduler()).failWith(() -> new TelegramApiException(name, 0,
                        "no answer within " + timeout.toMillis() + " ms", null))
                .onFailure().transform(e -> toApiException(name, e))
                .map(answer -> parse(method, name, answer));
    }

    private static <T extends Serializable> T parse(PartialBotApiMethod<T> method, String name, String answer) {
        try {
            return method.deserializeResponse(answer);
        } catch (TelegramApiRequestException e) {
            Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
            Long migrateTo = e.getParameters() == null ? null : e.getParameters().getMigrateToChatId();
            if (e.getErrorCode() == null || e.getErrorCode() == 0) {
                // HTTP 200 whose body is no envelope of this method's result: asking again gets the same answer.
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new TelegramApiException(name, 200, "unreadable answer: " + TokenRedactor.redact(
                        String.valueOf(cause.getMessage()).lines().findFirst().orElse("")), null);
            }
            int code = e.getErrorCode();
            String description = e.getApiResponse() != null ? e.getApiResponse() : e.getMessage();
            throw new TelegramApiException(name, code, TokenRedactor.redact(description), retryAfter, migrateTo);
        }
    }

    private static TelegramApiException toApiException(String method, Throwable e) {
        if (e instanceof TelegramApiException api) {
            return api.forMethod(method);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new TelegramApiException(method, 0, TokenRedactor.redact(text), null);
    }

    /**
     * Prepares the JSON mapping of the hot path without any network call: parses a getUpdates answer with a text
     * message, builds a sendMessage request and parses its answer. The first update after a cold start then costs
     * what every later one does, instead of class loading and Jackson's serializer setup (about half a second on a
     * small machine). A lease standby runs it while it waits, so that it answers at once when it takes over.
     * Blocking CPU work of some 100 ms: call it off the event loop.
     */
    public static void warmUp() {
        String message = "{\"message_id\":1,\"date\":1700000000,\"chat\":{\"id\":1,\"type\":\"private\"},"
                + "\"from\":{\"id\":1,\"is_bot\":false,\"first_name\":\"w\"},\"text\":\"warm-up\"}";
        try {
            GetUpdates.builder().offset(1).timeout(1).build().deserializeResponse(
                    "{\"ok\":true,\"result\":[{\"update_id\":1,\"message\":" + message + "}]}");
            SendMessage send = SendMessage.builder().chatId(1L).text("warm-up")
                    .replyParameters(new ReplyParameters(1)).build();
            try (BotApiRequest request = BotApiRequest.of(send)) {
                send.deserializeResponse("{\"ok\":true,\"result\":" + message + "}");
            }
        } catch (Exception e) {
            LOG.debugf("warm-up: %s", e.getMessage());
        }
    }

    /** Opens a new long-poll HTTP client after {@link #closePolling()}; no-op while one is open or after close. */
    public synchronized void openPolling() {
        if (pollingClosed.get() && !closed.get()) {
            pollingApi = json(pollRequestTimeout, 2);
            pollingClosed.set(false);
        }
    }

    /** Closes the long-poll HTTP client: an in-flight long poll fails at once instead of lingering. Idempotent. */
    public synchronized void closePolling() {
        if (pollingClosed.compareAndSet(false, true)) {
            pollingApi.close();
        }
    }

    @PreDestroy
    void close() {
        closePolling();
        if (closed.compareAndSet(false, true)) {
            api.close();
            synchronized (this) {
                close(uploads);
            }
        }
    }

    private static void close(TelegramBotApi client) {
        if (client != null) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.debugf("closing the Bot API client: %s", TokenRedactor.redact(e.getMessage()));
            }
        }
    }
}
