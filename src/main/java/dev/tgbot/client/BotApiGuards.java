package dev.tgbot.client;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.tgbot.config.BotSettings;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;

/**
 * The fault-tolerance policies of the Bot API calls, as SmallRye Fault Tolerance guards applied with
 * {@code @ApplyGuard} on {@link BotApiClient}'s methods. They are built at runtime because their limits come from
 * configuration. All of them retry only what heals by waiting (see {@link ApiFailures}) and never a 401. Each guard is
 * a singleton: built (and validated) once, not per call.
 */
@ApplicationScoped
public class BotApiGuards {

    /**
     * getMe and the webhook methods: retried within {@code bot.startup-timeout}, also after 409 {@code terminated
     * by other setWebhook} (another replica set the webhook at the same moment; the calls are idempotent).
     */
    public static final String CALL = "bot-api-call";
    /** sendMessage and the other outbound methods of handlers: up to 2 minutes of retries. */
    public static final String SEND = "bot-api-send";
    /**
     * getUpdates: transient failures and 429 without end (an outage must not kill the bot), polling conflicts only
     * inside the conflict budget of {@link PollingMonitor}; webhook-active 409s, 401 and 404 are never retried.
     */
    public static final String POLL = "bot-api-poll";

    @Produces
    @Singleton
    @Identifier(CALL)
    Guard call(BotSettings settings, CallRetryLog retryLog) {
        return Guard.create().withDescription(CALL)
                .withRetry().maxRetries(-1).maxDuration(settings.config().startupTimeout().toMillis(), ChronoUnit.MILLIS)
                .whenException(ApiFailures.IS_TRANSIENT_OR_RATE_LIMITED.or(ApiFailures.IS_OTHER_CONFLICT))
                .beforeRetry(retryLog::beforeRetry)
                .withCustomBackoff().strategy(TelegramBackoff::new).done()
                .done().withThreadOffload(false).build();
    }

    @Produces
    @Singleton
    @Identifier(SEND)
    Guard send() {
        return Guard.create().withDescription(SEND)
                .withRetry().maxRetries(-1).maxDuration(2, ChronoUnit.MINUTES)
                .whenException(ApiFailures.IS_TRANSIENT_OR_RATE_LIMITED)
                .withCustomBackoff().strategy(TelegramBackoff::new).done()
                .done().withThreadOffload(false).build();
    }

    @Produces
    @Singleton
    @Identifier(POLL)
    Guard poll(PollingMonitor monitor) {
        return Guard.create().withDescription(POLL)
                .withRetry().maxRetries(-1).maxDuration(3650, ChronoUnit.DAYS)
                .whenException(e -> ApiFailures.IS_TRANSIENT_OR_RATE_LIMITED.test(e)
                        || ApiFailures.IS_POLLING_CONFLICT.test(e) && monitor.withinConflictBudget())
                .withCustomBackoff().strategy(TelegramBackoff::new).done()
                .done().withThreadOffload(false).build();
    }
}
