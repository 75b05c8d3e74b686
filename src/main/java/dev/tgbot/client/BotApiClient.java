package dev.tgbot.client;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.methods.updates.DeleteWebhook;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.WebhookInfo;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import dev.tgbot.config.BotSettings;
import dev.tgbot.pacing.SendPacer;
import dev.tgbot.lifecycle.Timeouts;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * The Bot API client: every method of the <a href="https://core.telegram.org/bots/api">Bot API</a> through
 * {@link #execute(PartialBotApiMethod)}, with the method objects and types of telegrambots-meta (Bot API 10.2), plus
 * the intake's own calls with their policies ({@link BotApiGuards}).
 * <p>
 * Every failure arrives as a {@link TelegramApiException} whose message never contains the token. Each attempt is
 * bounded in time: {@code bot.request-timeout} for ordinary calls, the long-poll timeout plus 15 s for getUpdates.
 * Nothing else in the service builds Bot API URLs or bodies. Every call goes over a Vert.x HTTP client
 * ({@link HttpBotApi}): JSON, or multipart for uploads.
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
    /** Every call but the long poll: JSON and uploads. */
    private final HttpBotApi api;
    /** The long poll's own connections, closed at once on {@link #closePolling()}. */
    private volatile HttpBotApi pollingApi;
    private volatile BotIdentity identity;
    /** During an outage, one attempt per 3 s for all calls together, and all of them at once when it ends. */
    private final OutageGate outage = new OutageGate(Duration.ofMillis(TelegramBackoff.MAX_MILLIS));
    private final AtomicBoolean pollingClosed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final SendPacer pacer;

    BotApiClient(BotSettings settings, PollingMonitor monitor, Vertx vertx, SendPacer pacer) {
        this.settings = settings;
        this.pacer = pacer;
        this.monitor = monitor;
        this.vertx = vertx;
        this.requestTimeout = settings.config().requestTimeout();
        this.pollRequestTimeout = Duration.ofSeconds(settings.pollTimeoutSeconds() + 15L);
        this.baseUri = URI.create(settings.apiUrl() + "/bot" + settings.token());
        this.api = http(requestTimeout, Math.max(100, settings.config().dispatch().concurrency()));
        this.pollingApi = http(pollRequestTimeout, 2);
    }

    private HttpBotApi http(Duration readTimeout, int connections) {
        Duration connectTimeout = Duration.ofMillis(Math.min(requestTimeout.toMillis(), 10_000));
        return new HttpBotApi(vertx, baseUri, readTimeout, connectTimeout, connections);
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
        return execute(method, false);
    }

    /**
     * {@link #execute} for bulk traffic ({@link dev.tgbot.pacing.Broadcaster}): the send gives way to replies in the
     * pacing ({@link SendPacer}); otherwise the same.
     *
     * @param <T> the method's result type
     * @param method the method object
     * @return the method's result
     */
    public <T extends Serializable> Uni<T> executeBulk(PartialBotApiMethod<T> method) {
        return execute(method, true);
    }

    private <T extends Serializable> Uni<T> execute(PartialBotApiMethod<T> method, boolean bulk) {
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
                .chain(request -> send(method, request, bulk).eventually(request::close));
    }

    /**
     * One guarded call of a prepared request: retried as a whole (a new multipart form each time), each attempt of a
     * send after its slot in the pacing.
     */
    @ApplyGuard(BotApiGuards.SEND)
    <T extends Serializable> Uni<T> send(PartialBotApiMethod<T> method, BotApiRequest request, boolean bulk) {
        if (!SendPacer.isSend(request.method())) {
            return call(method, request, api, requestTimeout);
        }
        String chatId = request.chatId();
        return pacer.permit(chatId, request.paidBroadcast(), bulk)
                .chain(() -> call(method, request, api, requestTimeout))
                .onFailure(TelegramApiException.class).invoke(e -> {
                    TelegramApiException failure = (TelegramApiException) e;
                    if (failure.errorCode() == 429) {
                        pacer.rateLimited(chatId, failure.retryAfter().orElse(1));
                    }
                });
    }

    /**
     * <a href="https://core.telegram.org/bots/api#getme">getMe</a>: proves the token (not the intake). Reads only the
     * bot's {@code id} and {@code username} ({@link BotIdentity}), so an answer missing other fields never stops the
     * start.
     *
     * @return the bot's id and username
     * @throws TelegramApiException (as the Uni's failure) {@link TelegramApiException.Kind#REJECTED} when the result
     *         has no integer {@code id}
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<BotIdentity> getMe() {
        return call(new GetMe(), api, requestTimeout, BotApiClient::readMe).invoke(me -> identity = me);
    }

    /** @return what the last successful {@link #getMe()} answered (the startup guard calls it), or null before */
    public BotIdentity identity() {
        return identity;
    }

    /**
     * <a href="https://core.telegram.org/bots/api#getwebhookinfo">getWebhookInfo</a>, read leniently
     * ({@link #readWebhookInfo}).
     *
     * @return the current webhook status; {@code url} is empty when none is set
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<WebhookInfo> getWebhookInfo() {
        return call(new GetWebhookInfo(), api, requestTimeout, BotApiClient::readWebhookInfo);
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
        return call(new GetWebhookInfo(), pollingClosed.get() ? api : pollingApi, requestTimeout,
                BotApiClient::readWebhookInfo);
    }

    /**
     * getWebhookInfo as one attempt bounded by {@code timeout}, for diagnostics that must not wait for retries.
     *
     * @param timeout upper bound of the attempt
     * @return the webhook status
     */
    public Uni<WebhookInfo> getWebhookInfoOnce(Duration timeout) {
        return call(new GetWebhookInfo(), api, timeout, BotApiClient::readWebhookInfo);
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
     * policy ({@link BotApiGuards#POLL}). Conflicts and outages are reported to {@link PollingMonitor}. Each update is
     * read on its own ({@link UpdateReader}): one the Bot API types cannot hold arrives as unreadable, in its place,
     * and costs the others nothing. An HTTP 200 that is no Bot API envelope (a proxy's page) is an outage.
     *
     * @param request offset, limit, timeout (seconds), allowed updates
     * @param active checked before every attempt; when false the call fails with {@link PollingStoppedException}
     * @return the updates in {@code update_id} order, possibly none
     */
    @ApplyGuard(BotApiGuards.POLL)
    public Uni<List<IncomingUpdate>> getUpdates(GetUpdates request, BooleanSupplier active) {
        if (!active.getAsBoolean()) {
            return Uni.createFrom().failure(new PollingStoppedException());
        }
        return call(request, pollingApi, pollRequestTimeout, answer -> UpdateReader.readGetUpdates("getUpdates", answer))
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
        // The server confirms on receipt: whatever the one update returned holds is of no interest.
        return call(GetUpdates.builder().offset((int) offset).limit(1).timeout(0).build(), api, timeout,
                answer -> Boolean.TRUE).replaceWithVoid();
    }

    private <T extends Serializable> Uni<T> call(PartialBotApiMethod<T> method, HttpBotApi client,
            Duration timeout) {
        String name = BotApiRequest.nameOf(method);
        return call(method, client, timeout, answer -> parse(method, name, answer));
    }

    private <R> Uni<R> call(PartialBotApiMethod<?> method, HttpBotApi client, Duration timeout,
            Function<String, R> reader) {
        return Uni.createFrom().item(() -> BotApiRequest.of(method))
                .chain(request -> call(method, request, client, timeout, reader).eventually(request::close));
    }

    private <T extends Serializable> Uni<T> call(PartialBotApiMethod<T> method, BotApiRequest request,
            HttpBotApi client, Duration timeout) {
        String name = BotApiRequest.nameOf(method);
        return call(method, request, client, timeout, answer -> parse(method, name, answer));
    }

    private <R> Uni<R> call(PartialBotApiMethod<?> method, BotApiRequest request, HttpBotApi client,
            Duration timeout, Function<String, R> reader) {
        String name = BotApiRequest.nameOf(method);
        String path = request.method();
        // The long poll always goes: during an outage it is the probe that finds the Bot API back.
        return outage.admit(client == pollingApi).chain(() -> Uni.createFrom().<String> deferred(
                () -> request.multipart() ? client.multipart(path, request.form()) : client.json(path, request.json()))
                .ifNoItem().after(timeout).on(Timeouts.scheduler()).failWith(() -> new TelegramApiException(name, 0,
                        "no answer within " + timeout.toMillis() + " ms", null))
                .onFailure().transform(e -> toApiException(name, e))
                .map(reader)
                .onItemOrFailure().invoke((answer, failure) -> outage.observe(failure)));
    }

    private static <T extends Serializable> T parse(PartialBotApiMethod<T> method, String name, String answer) {
        try {
            return method.deserializeResponse(answer);
        } catch (TelegramApiRequestException e) {
            Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
            Long migrateTo = e.getParameters() == null ? null : e.getParameters().getMigrateToChatId();
            if (e.getErrorCode() == null || e.getErrorCode() == 0) {
                // No envelope at all (a proxy's page): an outage. An envelope whose result the library's types cannot
                // hold: the call itself succeeded, and asking again would do it twice (a second message).
                result(name, answer);
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new TelegramApiException(name, 200, "unreadable answer: " + TokenRedactor.redact(
                        String.valueOf(cause.getMessage()).lines().findFirst().orElse("")), null);
            }
            int code = e.getErrorCode();
            String description = e.getApiResponse() != null ? e.getApiResponse() : e.getMessage();
            throw TelegramApiException.errorEnvelope(name, code, TokenRedactor.redact(description), retryAfter,
                    migrateTo);
        }
    }

    /**
     * @return the {@code result} of a Bot API envelope
     * @throws TelegramApiException {@link TelegramApiException#notBotApiAnswer} when the answer is none
     */
    private static JsonNode result(String name, String answer) {
        JsonNode envelope;
        try {
            envelope = LibraryJson.mapper().readTree(answer);
        } catch (IOException | RuntimeException e) {
            envelope = null;
        }
        if (envelope == null || !envelope.path("ok").asBoolean(false) || !envelope.has("result")) {
            throw TelegramApiException.notBotApiAnswer(name, null, answer);
        }
        return envelope.get("result");
    }

    private static BotIdentity readMe(String answer) {
        JsonNode me = result("getMe", answer);
        JsonNode id = me.path("id");
        if (!id.isIntegralNumber()) {
            throw new TelegramApiException("getMe", 200, "unreadable answer: the result has no integer id", null);
        }
        JsonNode username = me.path("username");
        return new BotIdentity(id.asLong(), username.isTextual() ? username.asText() : null);
    }

    /**
     * getWebhookInfo's result, reading only the fields the startup guard and its reports use ({@code url},
     * {@code pending_update_count}, {@code last_error_date}, {@code last_error_message}, {@code max_connections},
     * {@code ip_address}, {@code allowed_updates}); a field missing or of another type is left unset ({@code url}:
     * empty, as Telegram sends when no webhook is set), never a failure.
     */
    static WebhookInfo readWebhookInfo(String answer) {
        JsonNode result = result("getWebhookInfo", answer);
        WebhookInfo info = new WebhookInfo();
        info.setUrl(result.path("url").isTextual() ? result.get("url").asText() : "");
        info.setPendingUpdatesCount(result.path("pending_update_count").isIntegralNumber()
                ? result.get("pending_update_count").asInt() : 0);
        info.setHasCustomCertificate(result.path("has_custom_certificate").asBoolean(false));
        if (result.path("last_error_date").isIntegralNumber()) {
            info.setLastErrorDate(result.get("last_error_date").asInt());
        }
        if (result.path("last_error_message").isTextual()) {
            info.setLastErrorMessage(result.get("last_error_message").asText());
        }
        if (result.path("max_connections").isIntegralNumber()) {
            info.setMaxConnections(result.get("max_connections").asInt());
        }
        if (result.path("ip_address").isTextual()) {
            info.setIpAddress(result.get("ip_address").asText());
        }
        if (result.path("allowed_updates").isArray()) {
            List<String> allowed = new ArrayList<>();
            result.get("allowed_updates").forEach(type -> {
                if (type.isTextual()) {
                    allowed.add(type.asText());
                }
            });
            info.setAllowedUpdates(allowed);
        }
        return info;
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
            UpdateReader.readGetUpdates("getUpdates",
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
            pollingApi = http(pollRequestTimeout, 2);
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
        }
    }
}
