package dev.tgbot.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.tgbot.client.PollingMonitor;
import dev.tgbot.config.BotConfig.Mode;
import dev.tgbot.config.BotSettings;
import dev.tgbot.dispatch.UpdateDispatcher;
import dev.tgbot.lease.LeaseStatus;
import dev.tgbot.lease.Leases;
import dev.tgbot.lease.SharedLease;
import dev.tgbot.lifecycle.GracefulExit;

/**
 * Readiness ({@code /q/health/ready}): UP once Telegram agrees with {@code bot.mode} and, in polling mode, while
 * the poller runs. DOWN during startup, during an exit, and while the Bot API is unreachable. Shows no token.
 * <p>
 * With a shared lease ({@code bot.lock.kind=postgresql|kubernetes}) a standby is UP as well: a Kubernetes rolling
 * update proceeds only once the new pod is ready, and the new pod is a standby until the old one releases the lease.
 * The data show {@code role} ({@code leader}, {@code standby}) and {@code lease_holder} ({@code host/pid/instance}).
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
    private final Leases leases;

    BotReadiness(BotSettings settings, ModeGuard guard, LongPollingReceiver receiver, PollingMonitor monitor,
            UpdateDispatcher dispatcher, GracefulExit exit, Leases leases) {
        this.leases = leases;
        this.settings = settings;
        this.guard = guard;
        this.receiver = receiver;
        this.monitor = monitor;
        this.dispatcher = dispatcher;
        this.exit = exit;
    }

    @Override
    public HealthCheckResponse call() {
        boolean polling = settings.mode() == Mode.POLLING;
        LeaseStatus lease = polling ? leases.existing().map(SharedLease::status).orElse(null) : null;
        boolean standby = lease != null && !guard.leaseHeld();
        boolean up = guard.synced() && !exit.exiting()
                && (!polling || standby || receiver.polling() && !monitor.inOutage());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("telegram-bot").status(up)
                .withData("mode", settings.mode().name().toLowerCase());
        if (polling) {
            response.withData("lock_kind", settings.config().lock().kind().name().toLowerCase());
        }
        if (lease != null) {
            response.withData("role", standby ? "standby" : "leader")
                    .withData("lease", lease.name())
                    .withData("lease_holder", lease.holder() == null ? "none" : lease.holder())
                    .withData("lease_since", lease.since() == null ? "" : lease.since().toString())
                    .withData("lease_epoch", lease.epoch());
        }
        return response
                .withData("bot_id", settings.botId())
                .withData("synced", guard.synced())
                .withData("buffered_updates", dispatcher.buffered())
                .withData("handled_updates", dispatcher.handledCount())
                .build();
    }
}
