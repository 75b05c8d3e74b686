package dev.tgbot.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tgbot.client.dto.ApiResponse;
import dev.tgbot.client.dto.GetUpdatesRequest;
import dev.tgbot.client.dto.Message;
import dev.tgbot.client.dto.SendMessageRequest;
import dev.tgbot.client.dto.SetWebhookRequest;
import dev.tgbot.client.dto.Update;
import dev.tgbot.client.dto.User;
import dev.tgbot.client.dto.WebhookInfo;
import dev.tgbot.config.BotSettings;
import dev.tgbot.lifecycle.Timeouts;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.ApplyGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;

/**
 * The Bot API methods this service uses, reactive, with their fault-tolerance policy ({@link BotApiGuards}).
 * Every failure arrives as a {@link TelegramApiException} whose message never contains the token. Each attempt is
 * bounded in time: {@code bot.request-timeout} for ordinary calls, the long-poll timeout plus 15 s for getUpdates.
 */
@ApplicationScoped
public class BotApiClient {

    private static final Logger LOG = Logger.getLogger(BotApiClient.class);

    private final BotSettings settings;
    private final PollingMonitor monitor;
    private final Duration requestTimeout;
    private final Duration pollRequestTimeout;
    private final TelegramBotApi api;
    private final TelegramBotApi pollingApi;
    private final AtomicBoolean pollingClosed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    BotApiClient(BotSettings settings, PollingMonitor monitor) {
        this.settings = settings;
        this.monitor = monitor;
        this.requestTimeout = settings.config().requestTimeout();
        this.pollRequestTimeout = Duration.ofSeconds(settings.pollTimeoutSeconds() + 15L);
        this.api = build(requestTimeout, Math.max(100, settings.config().dispatch().concurrency()));
        this.pollingApi = build(pollRequestTimeout, 2);
    }

    private TelegramBotApi build(Duration readTimeout, int poolSize) {
        HttpClientOptions options = new HttpClientOptions().setMaxPoolSize(poolSize).setKeepAlive(true)
                .setConnectTimeout((int) Math.min(requestTimeout.toMillis(), 10_000));
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(settings.apiUrl() + "/bot" + settings.token()))
                .httpClientOptions(options)
                .connectTimeout(Math.min(requestTimeout.toMillis(), 10_000), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .disableDefaultMapper(true)
                .build(TelegramBotApi.class);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#getme">getMe</a>: proves the token (not the intake).
     *
     * @return the bot's user
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<User> getMe() {
        return call("getMe", () -> api.getMe(), requestTimeout);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#getwebhookinfo">getWebhookInfo</a>.
     *
     * @return the current webhook status; {@code url} is empty when none is set
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<WebhookInfo> getWebhookInfo() {
        return call("getWebhookInfo", () -> api.getWebhookInfo(), requestTimeout);
    }

    /**
     * getWebhookInfo as one attempt bounded by {@code timeout}, for diagnostics that must not wait for retries.
     *
     * @param timeout upper bound of the attempt
     * @return the webhook status
     */
    public Uni<WebhookInfo> getWebhookInfoOnce(Duration timeout) {
        return call("getWebhookInfo", () -> api.getWebhookInfo(), timeout);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#setwebhook">setWebhook</a>.
     *
     * @param request url, secret token, max connections, allowed updates, drop pending updates
     * @return true on success
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<Boolean> setWebhook(SetWebhookRequest request) {
        return call("setWebhook", () -> api.setWebhook(request), requestTimeout);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#deletewebhook">deleteWebhook</a>.
     *
     * @param dropPendingUpdates true to drop all pending updates as well
     * @return true on success (also when no webhook was set)
     */
    @ApplyGuard(BotApiGuards.CALL)
    public Uni<Boolean> deleteWebhook(boolean dropPendingUpdates) {
        SetWebhookRequest request = new SetWebhookRequest(null, null, null, null, dropPendingUpdates ? true : null);
        return call("deleteWebhook", () -> api.deleteWebhook(request), requestTimeout);
    }

    /**
     * <a href="https://core.telegram.org/bots/api#sendmessage">sendMessage</a>. 429 waits {@code retry_after}
     * and transient failures are retried for up to 2 minutes, without blocking other calls.
     *
     * @param request chat, text, reply parameters
     * @return the sent message
     */
    @ApplyGuard(BotApiGuards.SEND)
    public Uni<Message> sendMessage(SendMessageRequest request) {
        return call("sendMessage", () -> api.sendMessage(request), requestTimeout);
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
    public Uni<List<Update>> getUpdates(GetUpdatesRequest request, BooleanSupplier active) {
        if (!active.getAsBoolean()) {
            return Uni.createFrom().failure(new PollingStoppedException());
        }
        return call("getUpdates", () -> pollingApi.getUpdates(request), pollRequestTimeout)
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
        return call("getUpdates", () -> api.getUpdates(new GetUpdatesRequest(offset, 1, 0, null)), timeout)
                .replaceWithVoid();
    }

    private <T> Uni<T> call(String method, Supplier<Uni<ApiResponse<T>>> request, Duration timeout) {
        return Uni.createFrom().<ApiResponse<T>> deferred(request::get)
                .ifNoItem().after(timeout).on(Timeouts.scheduler()).failWith(() -> new TelegramApiException(method, 0,
                        "no answer within " + timeout.toMillis() + " ms", null))
                .onFailure().transform(e -> toApiException(method, e))
                .map(response -> {
                    if (!response.ok()) {
                        Integer retryAfter = response.parameters() == null ? null : response.parameters().retryAfter();
                        throw new TelegramApiException(method, response.errorCode() == null ? 500 : response.errorCode(),
                                TokenRedactor.redact(response.description()), retryAfter);
                    }
                    return response.result();
                });
    }

    private static TelegramApiException toApiException(String method, Throwable e) {
        if (e instanceof TelegramApiException api) {
            return method.equals(api.method()) ? api
                    : new TelegramApiException(method, api.errorCode(), api.description(), api.retryAfter().orElse(null));
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new TelegramApiException(method, 0, TokenRedactor.redact(text), null);
    }

    /** Closes the long-poll HTTP client: an in-flight long poll fails at once instead of lingering. Idempotent. */
    public void closePolling() {
        if (pollingClosed.compareAndSet(false, true)) {
            close(pollingApi);
        }
    }

    @PreDestroy
    void close() {
        closePolling();
        if (closed.compareAndSet(false, true)) {
            close(api);
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
