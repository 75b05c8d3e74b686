package dev.tgbot.lease;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tgbot.lease.SharedLease.Listener;

/**
 * This instance's tenure of a shared lease, by its own monotonic clock: valid until the send time of the last
 * successful renewal plus the safe part of the lease duration. A watchdog reports {@link Listener#lost} the moment
 * it runs out, whatever the renewal loop is doing (a renewal that hangs on a dead connection included).
 * <p>
 * Listener calls happen on the given single-threaded executor, one at a time, in order.
 */
final class Tenure {

    private final Duration safe;
    private final ScheduledExecutorService executor;
    private volatile Listener listener;
    private boolean held;
    private long validUntilNanos;
    private long epoch;
    private ScheduledFuture<?> watchdog;

    /**
     * @param safe how long after a renewal was sent this instance may still poll: two thirds of the lease duration
     * @param executor the lease's own single thread
     */
    Tenure(Duration safe, ScheduledExecutorService executor) {
        this.safe = safe;
        this.executor = executor;
    }

    void listener(Listener listener) {
        this.listener = listener;
    }

    /**
     * A renewal (or the acquisition) sent at {@code sentNanos} succeeded.
     *
     * @param sentNanos {@link System#nanoTime()} just before the request was sent
     * @param epoch the lease's epoch
     */
    synchronized void renewed(long sentNanos, long epoch) {
        long until = sentNanos + safe.toNanos();
        if (until - System.nanoTime() <= 0) {
            return; // the answer came too late to count
        }
        boolean fresh = !held || this.epoch != epoch;
        validUntilNanos = until;
        this.epoch = epoch;
        held = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        try {
            watchdog = executor.schedule(this::check, until - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (fresh) {
                executor.execute(() -> notifyAcquired(epoch));
            }
        } catch (RejectedExecutionException stopping) {
            held = false; // the lease's thread is gone: the process is stopping
        }
    }

    private synchronized void check() {
        if (held && validUntilNanos - System.nanoTime() <= 0) {
            lost("not renewed within " + safe.toMillis() + " ms of the last renewal");
        }
    }

    /**
     * The lease is gone (taken by another, not renewable, released).
     *
     * @param why for the log
     */
    synchronized void lost(String why) {
        if (!held) {
            return;
        }
        held = false;
        if (watchdog != null) {
            watchdog.cancel(false);
            watchdog = null;
        }
        Runnable tell = () -> {
            Listener l = listener;
            if (l != null) {
                l.lost(why);
            }
        };
        try {
            executor.execute(tell);
        } catch (RejectedExecutionException stopping) {
            tell.run(); // the lease's thread is gone: stopping polling must not be lost
        }
    }

    private void notifyAcquired(long epoch) {
        Listener l = listener;
        synchronized (this) {
            if (!held || this.epoch != epoch) {
                return;
            }
        }
        if (l != null) {
            l.acquired(epoch);
        }
    }

    /** @return true while the tenure is valid */
    synchronized boolean held() {
        return held && validUntilNanos - System.nanoTime() > 0;
    }

    /** @return the epoch of the current or last tenure */
    synchronized long epoch() {
        return epoch;
    }
}
