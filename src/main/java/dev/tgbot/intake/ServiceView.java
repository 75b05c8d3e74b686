package dev.tgbot.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.tgbot.client.PollingMonitor;
import dev.tgbot.config.BotSettings;
import dev.tgbot.dispatch.UpdateDispatcher;
import dev.tgbot.lifecycle.GracefulExit;
import io.vertx.core.json.JsonObject;

/**
 * The service's own view of its intake, for the emulator page's conflict lab: the same facts as readiness and the
 * polling monitor, as one JSON object. Holds no token.
 */
@ApplicationScoped
public class ServiceView {

    private final BotSettings settings;
    private final BotReadiness readiness;
    private final LongPollingReceiver receiver;
    private final PollingMonitor monitor;
    private final UpdateDispatcher dispatcher;
    private final GracefulExit exit;

    ServiceView(BotSettings settings, @Readiness BotReadiness readiness, LongPollingReceiver receiver, PollingMonitor monitor,
            UpdateDispatcher dispatcher, GracefulExit exit) {
        this.settings = settings;
        this.readiness = readiness;
        this.receiver = receiver;
        this.monitor = monitor;
        this.dispatcher = dispatcher;
        this.exit = exit;
    }

    /**
     * @return {@code {"mode", "ready", "readiness": {the readiness data}, "polling", "conflict": {"ms", "answers"} or
     *         null, "conflict_budget_s", "outage", "total_conflicts", "total_transient_failures", "handled_updates",
     *         "exiting", "exit_code" (when exiting), "exit_report" (the ERROR report, when exiting)}}; durations in
     *         milliseconds, the budget in seconds
     */
    public JsonObject view() {
        HealthCheckResponse ready = readiness.call();
        JsonObject data = new JsonObject();
        ready.getData().ifPresent(d -> d.forEach(data::put));
        PollingMonitor.ConflictEpisode episode = monitor.conflictEpisode();
        return new JsonObject().put("mode", settings.mode().name().toLowerCase())
                .put("ready", ready.getStatus() == HealthCheckResponse.Status.UP).put("readiness", data)
                .put("polling", receiver.polling())
                .put("conflict", episode == null ? null
                        : new JsonObject().put("ms", episode.duration().toMillis()).put("answers", episode.conflicts()))
                .put("conflict_budget_s", settings.conflictBudget().toSeconds())
                .put("outage", monitor.inOutage()).put("total_conflicts", monitor.totalConflicts())
                .put("total_transient_failures", monitor.totalTransientFailures())
                .put("handled_updates", dispatcher.handledCount()).put("exiting", exit.exiting())
                .put("exit_code", exit.exiting() ? exit.code() : null)
                .put("exit_report", exit.exiting() ? exit.report() : null);
    }
}
