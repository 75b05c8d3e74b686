package dev.tgbot.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tgbot.lifecycle.Timeouts;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * One outage of the Bot API is one outage for every call, not one per call: once a call finds the Bot API unreachable
 * (a timeout, a refused or reset connection, a 502 page from Telegram's front ends, a proxy's page), the Bot API counts
 * as down. An error envelope, a 5xx included, is the Bot API server answering: that call's own failure, retried on its
 * own backoff, and it ends an outage like any other answer. While it is, the long poll always
 * goes (it is the probe polling mode has anyway, with its own backoff); any other attempt waits for the first answer
 * from the Bot API, and then they all go at once. Only when no long poll has gone out for two slots (webhook mode, a
 * lease standby, a long poll that hangs) do the others probe themselves, one attempt per {@code slot} for all of them
 * together. So a bot with many replies being retried asks no more often during an outage than its poller does, and
 * every reply goes the moment the Bot API answers again.
 * <p>
 * Any answer that is a Bot API envelope, successful or not (a 400 is an answer), ends the outage.
 */
final class OutageGate {

    private final long slotNanos;
    private final Set<Waiter> waiting = new LinkedHashSet<>();
    private boolean down;
    private long lastAttempt = System.nanoTime() - Long.MAX_VALUE / 4;
    private long lastProbe = lastAttempt;

    /** @param slot the least time between two attempts while the Bot API is down */
    OutageGate(Duration slot) {
        this.slotNanos = slot.toNanos();
    }

    /**
     * @param probe true for an attempt that always goes (the long poll)
     * @return completes when the attempt may go: at once while the Bot API is up
     */
    Uni<Void> admit(boolean probe) {
        synchronized (this) {
            if (!down) {
                return Uni.createFrom().voidItem();
            }
        }
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(emitter);
            emitter.onTermination(() -> {
                // given up (a time limit): forget it at once
                if (waiter.gone.compareAndSet(false, true)) {
                    synchronized (this) {
                        waiting.remove(waiter);
                    }
                    ScheduledFuture<?> t = waiter.timer;
                    if (t != null) {
                        t.cancel(false);
                    }
                }
            });
            tryAdmit(waiter, probe);
        });
    }

    private void tryAdmit(Waiter waiter, boolean probe) {
        if (waiter.gone.get()) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            waiting.remove(waiter);
            long next = Math.max(lastAttempt + slotNanos, lastProbe + 2 * slotNanos);
            if (!down || probe || now - next >= 0) {
                if (down) {
                    lastAttempt = now;
                    if (probe) {
                        lastProbe = now;
                    }
                }
                wait = 0;
            } else {
                wait = next - now;
                waiting.add(waiter);
            }
        }
        if (wait == 0) {
            waiter.go();
        } else {
            waiter.timer = Timeouts.scheduler().schedule(() -> tryAdmit(waiter, false), wait, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Records the outcome of an attempt.
     *
     * @param failure null for a successful answer, else the failure
     */
    void observe(Throwable failure) {
        if (ApiFailures.IS_TRANSIENT.test(failure) && !((TelegramApiException) failure).fromBotApi()) {
            synchronized (this) {
                down = true;
            }
            return;
        }
        if (failure != null && !(failure instanceof TelegramApiException)) {
            return;
        }
        List<Waiter> wake;
        synchronized (this) {
            if (!down) {
                return;
            }
            down = false;
            wake = new ArrayList<>(waiting);
            waiting.clear();
        }
        wake.forEach(Waiter::go);
    }

    /** @return true while the Bot API counts as down */
    synchronized boolean down() {
        return down;
    }

    private static final class Waiter {
        final UniEmitter<? super Void> emitter;
        final AtomicBoolean gone = new AtomicBoolean();
        volatile ScheduledFuture<?> timer;

        Waiter(UniEmitter<? super Void> emitter) {
            this.emitter = emitter;
        }

        void go() {
            if (gone.compareAndSet(false, true)) {
                ScheduledFuture<?> t = timer;
                if (t != null) {
                    t.cancel(false);
                }
                emitter.complete(null);
            }
        }
    }
}
