package dev.tgbot.pacing;

/**
 * "At most {@code max} sends in any window of {@code windowNanos}": the times of the last {@code max} reservations in
 * a ring, and the next reservation no earlier than the oldest of them plus the window. Reservations are handed out in
 * increasing time, so a burst of {@code max} may go at once and then one per {@code window / max} (a sliding window,
 * not a token bucket, which would allow a full burst on top of the rate). A <em>smooth</em> window also keeps
 * {@code window / max} between two reservations: no burst at all. The overall rate is smooth, because a burst of 30 (or
 * of 1,000 paid) sends leaves together but reaches the server spread over the time the connections take, and the
 * server would count the next second's first sends into the same window. Not thread-safe: {@link SendPacer} holds its
 * lock.
 */
final class SlidingWindow {

    private final long[] times;
    private final long windowNanos;
    private final long spacing;
    private int next;
    private int size;
    private long last = Long.MIN_VALUE;
    private long pausedUntil = Long.MIN_VALUE;

    /**
     * @param max sends per window, at least 1
     * @param windowNanos the window, in nanoseconds
     * @param smooth whether to keep {@code window / max} between reservations (no bursts)
     */
    SlidingWindow(int max, long windowNanos, boolean smooth) {
        this.times = new long[max];
        this.windowNanos = windowNanos;
        this.spacing = smooth ? windowNanos / max : 0;
    }

    /**
     * @param earliest the earliest time ({@link System#nanoTime()}) the send could go
     * @return the time reserved for it, at or after {@code earliest}
     */
    long reserve(long earliest) {
        long t = Math.max(earliest, Math.max(last == Long.MIN_VALUE ? last : last + spacing, pausedUntil));
        if (size == times.length) {
            t = Math.max(t, times[next] + windowNanos);
        } else {
            size++;
        }
        times[next] = t;
        next = (next + 1) % times.length;
        last = t;
        return t;
    }

    /**
     * @param now the current time
     * @return whether the window holds {@code max} reservations after {@code now - window}: a 429 now concerns it
     */
    boolean full(long now) {
        return size == times.length && times[next] + windowNanos > now;
    }

    /** @return the end of the last pause ({@link System#nanoTime()}), or {@code Long.MIN_VALUE} */
    long pausedUntil() {
        return pausedUntil;
    }

    /** @param until no reservation before this time ({@link System#nanoTime()}): a 429's {@code retry_after} */
    void pause(long until) {
        pausedUntil = Math.max(pausedUntil, until);
    }

    /**
     * @param now the current time
     * @return whether nothing in this window is reserved or paused at or after {@code now - window}: it can be
     *         forgotten
     */
    boolean idle(long now) {
        return last < now - windowNanos && pausedUntil < now;
    }
}
