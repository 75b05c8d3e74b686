package dev.tgbot.dispatch;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.telegram.telegrambots.meta.api.objects.Update;

import org.jboss.logging.Logger;

import dev.tgbot.client.IncomingUpdate;
import dev.tgbot.client.TokenRedactor;
import dev.tgbot.config.BotSettings;
import dev.tgbot.handler.ActiveBot;
import dev.tgbot.handler.UnreadableUpdate;
import dev.tgbot.handler.UpdateHandler;
import dev.tgbot.lifecycle.Timeouts;
import io.smallrye.mutiny.Uni;

/**
 * Hands updates to the {@link UpdateHandler}: strictly in {@code update_id} order per {@link OrderingKey} (the chat,
 * or the user for updates without a chat), concurrently across keys up to {@code bot.dispatch.concurrency} handlers at
 * once. Duplicates (same update_id within the last {@code bot.dispatch.dedup-window} ids) are dropped, so a
 * handler sees each update at most once per process.
 * <p>
 * An update that could not be read ({@link UnreadableUpdate}) takes its place like any other, in the shared lane of
 * {@link OrderingKey#SHARED}: instead of the handler, {@link UnreadableUpdates} reports it and hands it to the
 * application's observers, and the watermark passes it once they are done.
 * <p>
 * Memory: what an update holds (the update itself, its completion, its time limit) is released when its handler
 * finishes; the de-duplication window then keeps only the update_id.
 * <p>
 * For long polling it keeps the <em>watermark</em>: the lowest update_id whose handler has not finished (or the
 * next id after the highest accepted one). The offset sent to Telegram is the watermark, so a crash never confirms
 * an update that was not handled.
 */
@ApplicationScoped
public class UpdateDispatcher {

    private static final Logger LOG = Logger.getLogger(UpdateDispatcher.class);
    private static final ThreadLocal<ArrayDeque<Entry>> TRAMPOLINE = new ThreadLocal<>();

    private final UpdateHandler handler;
    private final Function<UnreadableUpdate, Uni<Void>> unreadable;
    private final int concurrency;
    private final int retries;
    private final int dedupWindow;
    private final Duration handlerTimeout;

    private final Map<Long, Lane> lanes = new HashMap<>();
    private final ArrayDeque<Lane> ready = new ArrayDeque<>();
    private final TreeSet<Long> unfinished = new TreeSet<>();
    private final LinkedHashMap<Long, Entry> seen = new LinkedHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private int running;
    private int buffered;
    private long highestAccepted = -1;
    private long handled;
    private long failed;

    @Inject
    UpdateDispatcher(ActiveBot bot, UnreadableUpdates unreadable, BotSettings settings) {
        this(bot.handler(), unreadable::deliver, settings.config().dispatch().concurrency(),
                settings.config().dispatch().retries(), settings.config().dispatch().dedupWindow(),
                settings.config().dispatch().handlerTimeout());
    }

    /**
     * @param handler the bot's handler
     * @param concurrency handlers running at once, at least 1
     * @param retries extra attempts after a failure
     * @param dedupWindow how many recent update_ids are remembered
     * @param handlerTimeout longest time of one handler attempt
     */
    public UpdateDispatcher(UpdateHandler handler, int concurrency, int retries, int dedupWindow,
            Duration handlerTimeout) {
        this(handler, u -> Uni.createFrom().voidItem(), concurrency, retries, dedupWindow, handlerTimeout);
    }

    /**
     * @param handler the bot's handler
     * @param unreadable called once for each unreadable update in its turn; the Uni it returns is subscribed once per
     *        attempt (retries and the handler timeout apply to it as to a handler)
     * @param concurrency handlers running at once, at least 1
     * @param retries extra attempts after a failure
     * @param dedupWindow how many recent update_ids are remembered
     * @param handlerTimeout longest time of one handler attempt
     */
    public UpdateDispatcher(UpdateHandler handler, Function<UnreadableUpdate, Uni<Void>> unreadable, int concurrency,
            int retries, int dedupWindow, Duration handlerTimeout) {
        this.handler = handler;
        this.unreadable = unreadable;
        this.concurrency = concurrency;
        this.retries = retries;
        this.dedupWindow = dedupWindow;
        this.handlerTimeout = handlerTimeout;
    }

    /**
     * Accepts an update from long polling.
     *
     * @param update the update
     * @return false if it is a duplicate (in flight or handled recently) and was dropped
     */
    public boolean offer(Update update) {
        return offer(IncomingUpdate.of(update));
    }

    /**
     * Accepts an update from long polling, readable or not.
     *
     * @param update the update as received
     * @return false if it is a duplicate (in flight or handled recently) and was dropped
     */
    public boolean offer(IncomingUpdate update) {
        return !accept(update, false).duplicate;
    }

    /**
     * Accepts an update from the webhook and reports when its handler has finished.
     *
     * @param update the update
     * @return completes when the handler has finished (successfully, or failed after its retries); for a duplicate,
     *         when the first delivery's handler finishes, or at once if it already has
     */
    public Uni<Void> submit(Update update) {
        return submit(IncomingUpdate.of(update));
    }

    /**
     * Accepts an update from the webhook, readable or not, and reports when its handling has finished.
     *
     * @param update the update as received
     * @return as {@link #submit(Update)}
     */
    public Uni<Void> submit(IncomingUpdate update) {
        Entry entry = accept(update, true).entry;
        CompletableFuture<Void> done;
        synchronized (this) {
            if (entry.done) {
                return Uni.createFrom().voidItem();
            }
            if (entry.future == null) {
                entry.future = new CompletableFuture<>();
            }
            done = entry.future;
        }
        // A copy: a waiter that gives up (the webhook's 503) cancels only its own wait, not the handling others join.
        return Uni.createFrom().completionStage(done.copy());
    }

    private Accepted accept(IncomingUpdate update, boolean track) {
        List<Entry> toStart;
        Entry entry;
        long key = OrderingKey.SHARED;
        if (update.update() != null) {
            try {
                key = OrderingKey.of(update.update());
            } catch (RuntimeException bug) {
                // a lane is no reason to lose the update, nor to stop the intake on it
                LOG.errorf("update_id=%d: no ordering key (%s); handled in the shared lane.", update.updateId(), bug);
            }
        }
        synchronized (this) {
            long id = update.updateId();
            Entry existing = seen.get(id);
            if (existing != null) {
                return new Accepted(existing, true);
            }
            entry = new Entry(update, key);
            if (track) {
                entry.future = new CompletableFuture<>();
            }
            seen.put(id, entry);
            trimSeen();
            unfinished.add(id);
            highestAccepted = Math.max(highestAccepted, id);
            buffered++;
            Lane lane = lanes.computeIfAbsent(entry.key, k -> new Lane());
            lane.queue.add(entry);
            if (!lane.active && !lane.inReady) {
                lane.inReady = true;
                ready.add(lane);
            }
            toStart = fill();
        }
        startAll(toStart);
        return new Accepted(entry, false);
    }

    /** Forgets the oldest finished update_ids beyond the window; updates still in flight stay (few: bounded by intake). */
    private void trimSeen() {
        Iterator<Entry> it = seen.values().iterator();
        while (seen.size() > dedupWindow && it.hasNext()) {
            if (it.next().done) {
                it.remove();
            }
        }
    }

    private List<Entry> fill() {
        List<Entry> toStart = null;
        while (running < concurrency && !ready.isEmpty()) {
            Lane lane = ready.poll();
            lane.inReady = false;
            Entry next = lane.queue.poll();
            lane.active = true;
            running++;
            if (toStart == null) {
                toStart = new ArrayList<>();
            }
            toStart.add(next);
        }
        return toStart == null ? List.of() : toStart;
    }

    private void startAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        ArrayDeque<Entry> local = TRAMPOLINE.get();
        if (local != null) {
            local.addAll(entries);
            return;
        }
        local = new ArrayDeque<>(entries);
        TRAMPOLINE.set(local);
        try {
            Entry entry;
            while ((entry = local.poll()) != null) {
                run(entry);
            }
        } finally {
            TRAMPOLINE.remove();
        }
    }

    private void run(Entry entry) {
        Update update = entry.update;
        Uni<Void> handling = entry.unreadable != null ? unreadable.apply(entry.unreadable)
                : Uni.createFrom().deferred(() -> {
                    Uni<Void> result = handler.handle(update);
                    return result == null ? Uni.createFrom().voidItem() : result;
                });
        handling = handling.ifNoItem().after(handlerTimeout).on(Timeouts.scheduler())
                .failWith(() -> new HandlerTimeoutException(handlerTimeout));
        if (retries > 0) {
            handling = handling.onFailure().retry()
                    .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2)).atMost(retries);
        }
        handling.subscribe().with(ignored -> finish(entry, null), error -> finish(entry, error));
    }

    private void finish(Entry entry, Throwable error) {
        if (error != null) {
            LOG.errorf("%s failed for update_id=%d after %d attempt(s), moving on: %s",
                    entry.unreadable != null ? "Observer of UnreadableUpdate" : "Handler", entry.id, retries + 1,
                    TokenRedactor.redact(String.valueOf(error)));
        }
        List<Entry> toStart;
        List<Runnable> wake = null;
        CompletableFuture<Void> future;
        synchronized (this) {
            entry.done = true;
            future = entry.future;
            entry.update = null;
            entry.unreadable = null;
            entry.future = null;
            running--;
            buffered--;
            handled++;
            if (error != null) {
                failed++;
            }
            unfinished.remove(entry.id);
            Lane lane = lanes.get(entry.key);
            lane.active = false;
            if (lane.queue.isEmpty()) {
                lanes.remove(entry.key);
            } else {
                lane.inReady = true;
                ready.add(lane);
            }
            toStart = fill();
            if (!waiters.isEmpty()) {
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext();) {
                    Waiter w = it.next();
                    if (w.condition.getAsBoolean()) {
                        it.remove();
                        if (wake == null) {
                            wake = new ArrayList<>();
                        }
                        wake.add(w.action);
                    }
                }
            }
        }
        if (future != null) {
            future.complete(null);
        }
        startAll(toStart);
        if (wake != null) {
            wake.forEach(Runnable::run);
        }
    }

    /**
     * The offset to send with the next getUpdates: the lowest update_id whose handler has not finished, or the
     * highest accepted update_id + 1, or 0 before the first update.
     *
     * @return the watermark
     */
    public synchronized long watermark() {
        return unfinished.isEmpty() ? highestAccepted + 1 : unfinished.first();
    }

    /**
     * Backpressure for long polling: completes when the next batch fits, that is when at most
     * {@code bot.dispatch.concurrency - limit / 2} updates are buffered and the watermark is at most
     * {@code limit / 2} ids behind the highest accepted update (so that the next getUpdates, which starts at the
     * watermark, brings mostly new updates).
     *
     * @param limit the getUpdates limit
     * @return completes when there is room for another batch
     */
    public Uni<Void> awaitRoom(int limit) {
        int maxBuffered = Math.max(0, concurrency - limit / 2);
        return await(() -> buffered <= maxBuffered && highestAccepted + 1 - watermark() <= limit / 2);
    }

    /**
     * @param offset a watermark seen before
     * @param atMost the longest wait
     * @return completes when the watermark differs from {@code offset}, nothing is buffered, or {@code atMost}
     *         has passed
     */
    public Uni<Void> awaitWatermarkBeyond(long offset, Duration atMost) {
        return await(() -> buffered == 0 || watermark() != offset).ifNoItem().after(atMost).on(Timeouts.scheduler())
                .recoverWithItem((Void) null);
    }

    /**
     * @param timeout the longest wait
     * @return completes when no update is queued or being handled, or when {@code timeout} has passed
     */
    public Uni<Void> awaitIdle(Duration timeout) {
        return await(() -> buffered == 0).ifNoItem().after(timeout).on(Timeouts.scheduler())
                .recoverWithItem((Void) null);
    }

    /** Completes when {@code condition} holds; a waiter given up (time limit, cancellation) is forgotten at once. */
    private Uni<Void> await(BooleanSupplier condition) {
        return Uni.createFrom().emitter(emitter -> {
            boolean now;
            synchronized (this) {
                now = condition.getAsBoolean();
                if (!now) {
                    Waiter waiter = new Waiter(condition, () -> emitter.complete(null));
                    waiters.add(waiter);
                    emitter.onTermination(() -> {
                        synchronized (this) {
                            waiters.remove(waiter);
                        }
                    });
                }
            }
            if (now) {
                emitter.complete(null);
            }
        });
    }

    /** @return updates queued or being handled now */
    public synchronized int buffered() {
        return buffered;
    }

    /** @return updates whose handling has finished since startup (including failed ones) */
    public synchronized long handledCount() {
        return handled;
    }

    /** @return update_ids remembered for de-duplication (the window plus updates in flight) */
    synchronized int remembered() {
        return seen.size();
    }

    /** @return conditions being waited for (backpressure, handover) */
    synchronized int waiting() {
        return waiters.size();
    }

    /** @return updates whose handler failed after all retries since startup */
    public synchronized long failedCount() {
        return failed;
    }

    /** One accepted update_id; once done only {@code id}, {@code key} and {@code done} remain (the dedup window). */
    private static final class Entry {
        final long id;
        final long key;
        Update update;
        UnreadableUpdate unreadable;
        boolean done;
        CompletableFuture<Void> future;

        Entry(IncomingUpdate incoming, long key) {
            this.id = incoming.updateId();
            this.update = incoming.update();
            this.unreadable = incoming.unreadable();
            this.key = key;
        }
    }

    private static final class Lane {
        final ArrayDeque<Entry> queue = new ArrayDeque<>();
        boolean active;
        boolean inReady;
    }

    /** A handler attempt took longer than {@code bot.dispatch.handler-timeout} and was cancelled. */
    static final class HandlerTimeoutException extends RuntimeException {
        HandlerTimeoutException(Duration timeout) {
            super("no result within bot.dispatch.handler-timeout=" + timeout.toMillis() + " ms; cancelled", null,
                    false, false);
        }
    }

    private record Accepted(Entry entry, boolean duplicate) {
    }

    private record Waiter(BooleanSupplier condition, Runnable action) {
    }
}
