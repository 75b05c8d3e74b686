package dev.tgbot.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.tgbot.client.PollingMonitor;
import dev.tgbot.config.BotConfig.Mode;
import dev.tgbot.config.BotSettings;
import dev.tgbot.dispatch.UpdateDispatcher;
import dev.tgbot.lifecycle.GracefulExit;

/**
 * Readiness ({@code /q/health/ready}): UP once Telegram agrees with {@code bot.mode} and, in polling mode, while
 * the poller runs. DOWN during startup, during an exit, and while the Bot API is unreachable. Shows no token.
 */
@Readiness
@ApplicationScoped
public class BotReadiness implements HealthCheck {

    private final BotSettings settings;
    private final ModeGuard guard;
    private final LongPollingReceiver receiver;
    private final PollingMonitor monitor;
    private final UpdateDispatcher dispatcher;
    private final GracefulExit exit;

    BotReadiness(BotSettings settings, ModeGuard guard, LongPollingReceiver receiver, PollingMonitor monitor,
            UpdateDispatcher dispatcher, GracefulExit exit) {
        this.settings = settings;
        this.guard = guard;
        this.receiver = receiver;
        this.monitor = monitor;
        this.dispatcher = dispatcher;
        this.exit = exit;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = guard.synced() && !exit.exiting()
                && (settings.mode() != Mode.POLLING || receiver.polling() && !monitor.inOutage());
        return HealthCheckResponse.named("telegram-bot").status(up)
                .withData("mode", settings.mode().name().toLowerCase())
                .withData("bot_id", settings.botId())
                .withData("synced", guard.synced())
                .withData("buffered_updates", dispatcher.buffered())
                .withData("handled_updates", dispatcher.handledCount())
                .build();
    }
}
