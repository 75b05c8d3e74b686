package dev.tgbot.intake;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;

import dev.tgbot.client.ApiFailures;
import dev.tgbot.client.BotApiClient;
import dev.tgbot.client.IncomingUpdate;
import dev.tgbot.client.PollingMonitor;
import dev.tgbot.client.PollingMonitor.ConflictEpisode;
import dev.tgbot.client.PollingStoppedException;
import dev.tgbot.client.TelegramApiException;
import dev.tgbot.config.BotSettings;
import dev.tgbot.dispatch.UpdateDispatcher;
import dev.tgbot.handler.ActiveBot;
import dev.tgbot.lifecycle.ExitCodes;
import dev.tgbot.lifecycle.GracefulExit;
import dev.tgbot.lifecycle.InstanceIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Long polling: a Mutiny stream that repeats getUpdates(offset, limit, timeout, allowed_updates) and hands each
 * update to the {@link UpdateDispatcher}. The offset is the dispatcher's watermark, so Telegram never confirms an
 * update whose handler has not finished. Failures follow {@code BotApiGuards.POLL}; what the guard gives up on ends
 * in a {@link GracefulExit} with a report.
 */
@ApplicationScoped
public class LongPollingReceiver {

    private static final Logger LOG = Logger.getLogger(LongPollingReceiver.class);
    /** Telegram forces limit=1 on a getUpdates with the same offset within 0.5 s: wait longer than that. */
    private static final Duration SAME_OFFSET_PAUSE = Duration.ofMillis(600);

    private final BotSettings settings;
    private final BotApiClient api;
    private final UpdateDispatcher dispatcher;
    private final PollingMonitor monitor;
    private final GracefulExit exit;
    private final int limit;
    private final int timeout;
    private final List<String> allowedUpdates;

    private volatile boolean active;
    private volatile boolean started;
    /**
     * The offset of the last getUpdates Telegram answered: everything below it is confirmed. A request only sent (or
     * cancelled before it left) proves nothing, so the handover confirms whenever the watermark is beyond this.
     */
    private volatile long answeredOffset = -1;
    private volatile boolean webhookTookOver;
    private volatile boolean handedOver;
    private Cancellable subscription;

    LongPollingReceiver(BotSettings settings, BotApiClient api, UpdateDispatcher dispatcher, PollingMonitor monitor,
            GracefulExit exit, ActiveBot bot) {
        this.settings = settings;
        this.api = api;
        this.dispatcher = dispatcher;
        this.monitor = monitor;
        this.exit = exit;
        this.limit = settings.config().polling().limit();
        this.timeout = settings.pollTimeoutSeconds();
        this.allowedUpdates = bot.allowedUpdates();
    }

    /**
     * Starts the long-poll loop; idempotent while it runs. It may start again after {@link #stopPolling()} (a shared
     * lease taken again), never after {@link #handOver}.
     */
    public synchronized void start() {
        if (active || handedOver) {
            return;
        }
        started = true;
        active = true;
        api.openPolling();
        LOG.infof("Long polling started (timeout %d s, limit %d).", timeout, limit);
        subscription = Multi.createBy().repeating().uni(this::pollOnce).whilst(fresh -> active)
                .subscribe().with(fresh -> {
                }, this::onPollingFailure);
    }

    private Uni<Integer> pollOnce() {
        return dispatcher.awaitRoom(limit).chain(() -> {
            long offset = dispatcher.watermark();
            GetUpdates request = GetUpdates.builder().offset(offset > 0 ? (int) offset : null).limit(limit)
                    .timeout(timeout).allowedUpdates(allowedUpdates).build();
            return api.getUpdates(request, () -> active).chain(updates -> {
                int fresh = 0;
                synchronized (this) {
                    answeredOffset = Math.max(answeredOffset, offset);
                    if (!active) {
                        // An answer that raced the stop: its updates are not offered, so the handover's watermark
                        // (taken after stopPolling) covers every update handled; Telegram delivers these again.
                        return Uni.createFrom().failure(new PollingStoppedException());
                    }
                    for (IncomingUpdate update : updates) {
                        if (dispatcher.offer(update)) {
                            fresh++;
                        }
                    }
                }
                if (fresh == 0 && !updates.isEmpty()) {
                    // Only updates still in flight came back: wait for the watermark to move before asking again.
                    return dispatcher.awaitWatermarkBeyond(offset, SAME_OFFSET_PAUSE).replaceWith(0);
                }
                return Uni.createFrom().item(fresh);
            });
        });
    }

    private void onPollingFailure(Throwable failure) {
        if (!active || failure instanceof PollingStoppedException) {
            return;
        }
        stopPolling();
        if (ApiFailures.IS_POLLING_CONFLICT.test(failure)) {
            ConflictEpisode episode = monitor.conflictEpisode();
            reportAndExit(settings.config().conflict().exitCode(), "POLLING CONFLICT: another getUpdates consumer "
                    + "kept taking this bot's updates" + (episode == null ? ""
                            : " for " + episode.duration().toSeconds() + " s (" + episode.conflicts()
                                    + " answers 409 'terminated by other getUpdates request')")
                    + ", longer than bot.conflict.max-duration=" + settings.conflictBudget().toSeconds()
                    + " s. Two pollers steal updates from each other, so this instance stops instead.");
        } else if (ApiFailures.IS_WEBHOOK_ACTIVE.test(failure)) {
            webhookTookOver = true;
            reportAndExit(settings.config().conflict().exitCode(), "WEBHOOK ACTIVE: a webhook was set for this bot "
                    + "while this instance polls (409 '" + ((TelegramApiException) failure).description()
                    + "'). Another deployment now receives the updates by webhook; this instance does not fight it "
                    + "by deleting the webhook again.");
        } else if (ApiFailures.IS_UNAUTHORIZED.test(failure)) {
            exit.exit(ExitCodes.UNAUTHORIZED, Diagnosis.unauthorized());
        } else if (ApiFailures.IS_NOT_FOUND.test(failure)) {
            exit.exit(ExitCodes.CONFIG, Diagnosis.notFound(settings));
        } else {
            exit.exit(ExitCodes.SOFTWARE, "Long polling failed unexpectedly: " + failure);
        }
    }

    private void reportAndExit(int code, String what) {
        api.getWebhookInfoOnce(Duration.ofSeconds(3))
                .onFailure().recoverWithNull()
                .subscribe().with(info -> exit.exit(code, Diagnosis.conflictReport(what, info,
                        InstanceIdentity.current(), settings)));
    }

    /** Stops asking for updates and cancels the in-flight long poll; handlers in flight go on. Idempotent. */
    public void stopPolling() {
        Cancellable s;
        synchronized (this) {
            active = false;
            s = subscription;
            subscription = null;
        }
        if (s != null) {
            s.cancel();
        }
        api.closePolling();
    }

    /**
     * The handover at shutdown: stop polling, let in-flight handlers finish (bounded by {@code drain}), then confirm
     * the processed offset with one getUpdates(offset, timeout 0), unless another consumer has taken over (a recent
     * polling conflict, or a webhook), where confirming would evict it or fail.
     *
     * @param drain the longest wait for in-flight handlers
     * @param mayConfirm asked after the drain: false when this instance no longer holds the shared lease (the next
     *        holder may be polling, and a confirming getUpdates would evict it)
     */
    public void handOver(Duration drain, java.util.function.BooleanSupplier mayConfirm) {
        synchronized (this) {
            handedOver = true;
        }
        if (!started) {
            return;
        }
        stopPolling();
        dispatcher.awaitIdle(drain).await().atMost(drain.plusSeconds(1));
        long offset = dispatcher.watermark();
        boolean takenOver = webhookTookOver
                || monitor.conflictWithin(Duration.ofSeconds(timeout + 5L)) || !mayConfirm.getAsBoolean();
        if (exit.exiting() && (exit.code() == ExitCodes.UNAUTHORIZED || exit.code() == ExitCodes.CONFIG)
                && !takenOver) {
            // the Bot API refuses this token or URL: a confirming call would fail the same way
            LOG.infof("Shutdown: not confirming offset %d while exiting with code %d.", dispatcher.watermark(),
                    exit.code());
            return;
        }
        if (dispatcher.buffered() > 0) {
            LOG.warnf("%d updates were still being handled at shutdown; they are not confirmed and will be "
                    + "delivered again to the next instance.", dispatcher.buffered());
        }
        if (takenOver) {
            LOG.infof("Shutdown: not confirming offset %d because another consumer has taken over.", offset);
            return;
        }
        if (offset > 0 && offset > answeredOffset) {
            try {
                api.confirmOffset(offset, Duration.ofSeconds(5)).await().atMost(Duration.ofSeconds(6));
                LOG.infof("Shutdown: confirmed offset %d; the next instance starts after update_id %d.", offset,
                        offset - 1);
            } catch (RuntimeException e) {
                LOG.warnf("Shutdown: could not confirm offset %d (%s); the next instance may see up to the last "
                        + "batch again.", offset, e.getMessage());
            }
        }
    }

    /** @return true while the loop polls */
    public boolean polling() {
        return active;
    }
}
