package dev.tgbot.intake;

import jakarta.inject.Singleton;

import dev.tgbot.client.PollingMonitor;
import dev.tgbot.dispatch.UnreadableUpdates;
import dev.tgbot.dispatch.UpdateDispatcher;
import dev.tgbot.pacing.SendPacer;
import dev.tgbot.state.Conversations;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The bot's own metrics at {@code /q/metrics} (Prometheus names in brackets): updates handled
 * ({@code telegram_updates_handled_total}), handler failures after retries ({@code telegram_updates_failed_total}),
 * updates that could not be read and were skipped ({@code telegram_updates_unreadable_total}), updates queued or
 * running ({@code telegram_updates_buffered}), 409 polling conflicts
 * ({@code telegram_polling_conflicts_total}) and transient getUpdates failures
 * ({@code telegram_polling_transient_failures_total}), updates skipped because the state store recorded them as handled by
 * an earlier lease holder ({@code telegram_updates_handled_before_total}), sends let through
 * ({@code telegram_sends_total}; its rate is the sends per second), sends waiting for their slot in the pacing
 * ({@code telegram_sends_waiting}) and 429 answers to sends ({@code telegram_sends_rate_limited_total}). Read from existing counters: nothing is added per update.
 */
@Singleton
public class BotMetrics implements MeterBinder {

    private final UpdateDispatcher dispatcher;
    private final PollingMonitor monitor;
    private final UnreadableUpdates unreadable;
    private final Conversations conversations;
    private final SendPacer pacer;

    BotMetrics(UpdateDispatcher dispatcher, PollingMonitor monitor, UnreadableUpdates unreadable,
            Conversations conversations, SendPacer pacer) {
        this.conversations = conversations;
        this.pacer = pacer;
        this.dispatcher = dispatcher;
        this.monitor = monitor;
        this.unreadable = unreadable;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("telegram.updates.handled", dispatcher, UpdateDispatcher::handledCount)
                .description("Updates whose handling finished, including failed ones").register(registry);
        FunctionCounter.builder("telegram.updates.failed", dispatcher, UpdateDispatcher::failedCount)
                .description("Updates whose handler failed after all retries").register(registry);
        FunctionCounter.builder("telegram.updates.unreadable", unreadable, UnreadableUpdates::count)
                .description("Updates that could not be read into the Bot API types and were skipped")
                .register(registry);
        FunctionCounter.builder("telegram.updates.handled.before", conversations, Conversations::handledBeforeCount)
                .description("Updates skipped: the state store recorded them as handled by an earlier lease holder")
                .register(registry);
        FunctionCounter.builder("telegram.sends", pacer, SendPacer::sentCount)
                .description("Sends (sendMessage, copyMessage, ...) let through by the pacing").register(registry);
        Gauge.builder("telegram.sends.waiting", pacer, SendPacer::waitingCount)
                .description("Sends waiting for their slot under Telegram's limits").register(registry);
        FunctionCounter.builder("telegram.sends.rate.limited", pacer, SendPacer::rateLimitedCount)
                .description("429 Too Many Requests answers to sends").register(registry);
        Gauge.builder("telegram.updates.buffered", dispatcher, UpdateDispatcher::buffered)
                .description("Updates queued or being handled").register(registry);
        FunctionCounter.builder("telegram.polling.conflicts", monitor, PollingMonitor::totalConflicts)
                .description("409 'terminated by other getUpdates request' answers").register(registry);
        FunctionCounter.builder("telegram.polling.transient.failures", monitor, PollingMonitor::totalTransientFailures)
                .description("Transient getUpdates failures and 429s").register(registry);
    }
}
