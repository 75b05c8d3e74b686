package dev.tgbot.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgbot.client.LibraryJson;
import dev.tgbot.lifecycle.Timeouts;
import dev.tgbot.support.Await;
import io.smallrye.mutiny.Uni;

/** Per-chat order, concurrency across chats, duplicates, failures and the polling watermark. */
class UpdateDispatcherTest {

    static Update update(long id, long chat) {
        try {
            return LibraryJson.mapper().readValue("{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id
                    + ",\"date\":1,\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},\"text\":\"t" + id + "\"}}",
                    Update.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void keepsUpdateIdOrderPerChatUnderConcurrencyWithRandomDelays() {
        Map<Long, List<Long>> seen = new ConcurrentHashMap<>();
        Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlapPerChat = new AtomicInteger();
        AtomicInteger maxParallel = new AtomicInteger();
        AtomicInteger parallel = new AtomicInteger();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> {
            long chat = OrderingKey.of(u);
            if (running.computeIfAbsent(chat, c -> new AtomicInteger()).incrementAndGet() > 1) {
                overlapPerChat.incrementAndGet();
            }
            maxParallel.accumulateAndGet(parallel.incrementAndGet(), Math::max);
            return Uni.createFrom().voidItem()
                    .onItem().delayIt().by(Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 4)))
                    .invoke(() -> {
                        seen.computeIfAbsent(chat, c -> new CopyOnWriteArrayList<>()).add((long) u.getUpdateId());
                        running.get(chat).decrementAndGet();
                        parallel.decrementAndGet();
                    });
        }, 16, 0, 10_000, Duration.ofSeconds(30));
        int chats = 40;
        int perChat = 50;
        long id = 1;
        for (int i = 0; i < perChat; i++) {
            for (long chat = 1; chat <= chats; chat++) {
                dispatcher.offer(update(id++, chat));
            }
        }
        Await.until("all handled", Duration.ofSeconds(30), () -> dispatcher.handledCount() == (long) chats * perChat);
        assertEquals(0, dispatcher.failedCount(), "no handler failed");
        assertEquals(0, overlapPerChat.get(), "never two updates of one chat at once");
        assertTrue(maxParallel.get() > 1, "chats ran concurrently");
        assertTrue(maxParallel.get() <= 16, "never more than bot.dispatch.concurrency at once");
        for (long chat = 1; chat <= chats; chat++) {
            List<Long> ids = seen.get(chat);
            assertEquals(perChat, ids.size());
            List<Long> sorted = new ArrayList<>(ids);
            sorted.sort(null);
            assertEquals(sorted, ids, "chat " + chat + " handled in update_id order");
        }
        assertEquals(id, dispatcher.watermark(), "all done: the watermark is the next id");
    }

    @Test
    void aSlowChatDoesNotDelayTheOthers() {
        List<Long> finished = new CopyOnWriteArrayList<>();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> {
            Duration delay = OrderingKey.of(u) == 1 ? Duration.ofSeconds(3) : Duration.ofMillis(1);
            return Uni.createFrom().voidItem().onItem().delayIt().by(delay).invoke(() -> finished.add((long) u.getUpdateId()));
        }, 8, 0, 1000, Duration.ofSeconds(30));
        dispatcher.offer(update(1, 1));
        dispatcher.offer(update(2, 1));
        for (long id = 3; id <= 30; id++) {
            dispatcher.offer(update(id, 2 + id % 5));
        }
        Await.until("the fast chats", Duration.ofSeconds(2), () -> finished.size() == 28);
        assertFalse(finished.contains(1L), "the slow chat is still busy");
        assertEquals(1, dispatcher.watermark(), "the watermark waits for the unfinished update");
    }

    @Test
    void duplicatesAreHandledOnce() {
        AtomicInteger calls = new AtomicInteger();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> {
            calls.incrementAndGet();
            return Uni.createFrom().voidItem();
        }, 4, 0, 1000, Duration.ofSeconds(30));
        assertTrue(dispatcher.offer(update(10, 1)));
        assertFalse(dispatcher.offer(update(10, 1)));
        dispatcher.submit(update(10, 1)).await().atMost(Duration.ofSeconds(1));
        assertEquals(1, calls.get());
    }

    @Test
    void aDuplicateOfAnUpdateInFlightWaitsForTheFirstHandling() {
        AtomicInteger calls = new AtomicInteger();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> {
            calls.incrementAndGet();
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(300));
        }, 4, 0, 1000, Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        var first = dispatcher.submit(update(20, 1)).subscribeAsCompletionStage();
        dispatcher.submit(update(20, 1)).await().atMost(Duration.ofSeconds(2));
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 250, "the duplicate answered after the handling");
        first.toCompletableFuture().join();
        assertEquals(1, calls.get());
    }

    @Test
    void aFailingHandlerIsRetriedThenSkippedAndTheChatMovesOn() {
        AtomicInteger attempts = new AtomicInteger();
        List<Long> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> {
            if ((long) u.getUpdateId() == 1) {
                attempts.incrementAndGet();
                throw new IllegalStateException("poison update");
            }
            handled.add((long) u.getUpdateId());
            return Uni.createFrom().voidItem();
        }, 4, 2, 1000, Duration.ofSeconds(30));
        dispatcher.offer(update(1, 7));
        dispatcher.offer(update(2, 7));
        Await.until("the next update of the chat", Duration.ofSeconds(5), () -> handled.contains(2L));
        // The watermark moves when the handler's Uni completes, just after it added to the list: wait for it too.
        Await.until("the watermark past both", Duration.ofSeconds(5), () -> dispatcher.watermark() == 3);
        assertEquals(3, attempts.get(), "1 attempt + bot.dispatch.retries=2");
        assertEquals(1, dispatcher.failedCount());
        assertEquals(3, dispatcher.watermark(), "a skipped update no longer holds the watermark");
    }

    @Test
    void aHungHandlerIsCancelledAfterTheTimeoutAndReleasesItsChatAndTheWatermark() {
        List<Long> handled = new CopyOnWriteArrayList<>();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> (long) u.getUpdateId() == 1 ? Uni.createFrom().nothing()
                : Uni.createFrom().voidItem().invoke(() -> handled.add((long) u.getUpdateId())), 4, 0, 1000,
                Duration.ofMillis(300));
        dispatcher.offer(update(1, 9));
        dispatcher.offer(update(2, 9));
        Await.until("the chat moves on", Duration.ofSeconds(5), () -> handled.contains(2L));
        Await.until("the watermark past both", Duration.ofSeconds(5), () -> dispatcher.watermark() == 3);
        assertEquals(1, dispatcher.failedCount());
        assertEquals(3, dispatcher.watermark());
    }

    @Test
    void backpressureWaitsForRoomAndTheWatermark() {
        List<Runnable> release = new CopyOnWriteArrayList<>();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> Uni.createFrom().emitter(e -> release.add(
                () -> e.complete(null))), 100, 0, 1000, Duration.ofSeconds(30));
        for (long id = 1; id <= 100; id++) {
            dispatcher.offer(update(id, id));
        }
        var room = dispatcher.awaitRoom(100).subscribeAsCompletionStage();
        assertFalse(room.toCompletableFuture().isDone(), "100 buffered with concurrency 100: no room for 100 more");
        for (int i = 0; i < 60; i++) {
            release.get(i).run();
        }
        Await.until("room", Duration.ofSeconds(2), () -> room.toCompletableFuture().isDone());
        assertEquals(61, dispatcher.watermark());
    }

    @Test
    void timeLimitsLiveOnlyWhileTheirHandlersRun() {
        List<Runnable> release = new CopyOnWriteArrayList<>();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> (long) u.getUpdateId() <= 10
                ? Uni.createFrom().emitter(e -> release.add(() -> e.complete(null)))
                : Uni.createFrom().voidItem(), 100, 0, 1000, Duration.ofSeconds(60));
        int before = Timeouts.pending();
        for (long id = 1; id <= 10; id++) {
            dispatcher.offer(update(id, id));
        }
        assertTrue(Timeouts.pending() - before >= 10, "a running handler's time limit is on the Timeouts scheduler");
        for (long id = 11; id <= 10_010; id++) {
            dispatcher.submit(update(id, 1_000 + id % 100)).await().atMost(Duration.ofSeconds(5));
        }
        release.forEach(Runnable::run);
        Await.until("all handled", Duration.ofSeconds(10), () -> dispatcher.handledCount() == 10_010);
        assertTrue(Timeouts.pending() - before < 5, "10,010 handled updates left " + (Timeouts.pending() - before)
                + " time limits scheduled");
    }

    @Test
    void anUpdateInFlightDoesNotStopTheDedupWindowFromForgettingOldIds() {
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> (long) u.getUpdateId() == 1 ? Uni.createFrom().nothing()
                : Uni.createFrom().voidItem(), 10, 0, 100, Duration.ofSeconds(60));
        dispatcher.offer(update(1, 1));
        for (long id = 2; id <= 1_000; id++) {
            dispatcher.offer(update(id, 2 + id % 5));
        }
        Await.until("the others handled", Duration.ofSeconds(10), () -> dispatcher.handledCount() == 999);
        assertTrue(dispatcher.remembered() <= 101, "remembers " + dispatcher.remembered() + " ids, window 100");
        assertFalse(dispatcher.offer(update(1, 1)), "the update in flight is still known");
    }

    @Test
    void aWaitGivenUpByItsTimeLimitIsForgotten() {
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> Uni.createFrom().nothing(), 10, 0, 100,
                Duration.ofSeconds(60));
        dispatcher.offer(update(1, 1));
        for (int i = 0; i < 50; i++) {
            dispatcher.awaitWatermarkBeyond(1, Duration.ofMillis(1)).await().atMost(Duration.ofSeconds(2));
        }
        assertEquals(0, dispatcher.waiting(), "no waiter is kept after its time limit");
    }

    @Test
    void aDeliveryThatGivesUpDoesNotCancelTheHandlingAnotherDeliveryWaitsFor() {
        List<Runnable> release = new CopyOnWriteArrayList<>();
        UpdateDispatcher dispatcher = new UpdateDispatcher(u -> Uni.createFrom().emitter(e -> release.add(
                () -> e.complete(null))), 4, 0, 100, Duration.ofSeconds(60));
        Uni<Void> first = dispatcher.submit(update(30, 1)).ifNoItem().after(Duration.ofMillis(50))
                .on(Timeouts.scheduler()).fail();
        assertThrows(io.smallrye.mutiny.TimeoutException.class, () -> first.await().atMost(Duration.ofSeconds(2)),
                "the first delivery gives up (the webhook answers 503)");
        var second = dispatcher.submit(update(30, 1)).subscribeAsCompletionStage();
        assertFalse(second.toCompletableFuture().isDone(), "the re-delivery waits for the running handling");
        release.forEach(Runnable::run);
        second.toCompletableFuture().join();
        assertEquals(1, release.size(), "handled once");
    }
}
