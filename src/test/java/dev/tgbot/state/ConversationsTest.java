package dev.tgbot.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.Update;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tgbot.client.LibraryJson;
import dev.tgbot.handler.UpdateHandler;
import io.smallrye.mutiny.Uni;

/** Conversations around a handler, with the memory store: steps and data across updates, keys, lanes, failures. */
class ConversationsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static int nextUpdateId = 1;

    static Update message(long chat, long user, String text) {
        String json = "{\"update_id\":" + nextUpdateId++ + ",\"message\":{\"message_id\":1,\"date\":0,\"text\":\"" + text
                + "\",\"chat\":{\"id\":" + chat + ",\"type\":\"" + (chat == user ? "private" : "group")
                + "\"},\"from\":{\"id\":" + user + ",\"is_bot\":false,\"first_name\":\"U\"}}}";
        try {
            return LibraryJson.mapper().readValue(json, Update.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Count(int n) {
    }

    @Test
    void stepAndDataCarryOverToTheNextUpdateOfTheSameKeyOnly() {
        Conversations conversations = new Conversations(StateScope.USER_IN_CHAT,
                new MemoryStateStore(100, Duration.ofHours(1)), JSON, Duration.ofHours(1));
        List<String> seen = new ArrayList<>();
        UpdateHandler handler = conversations.around(update -> {
            Conversation c = conversations.of(update);
            seen.add(c.key() + "=" + c.step().orElse("-") + "/" + c.data(Count.class).map(Count::n).orElse(0));
            c.setStep("asked").setData(new Count(c.data(Count.class).map(Count::n).orElse(0) + 1));
            return Uni.createFrom().voidItem();
        });
        handler.handle(message(-10, 1, "a")).await().indefinitely();
        handler.handle(message(-10, 1, "b")).await().indefinitely();
        handler.handle(message(-10, 2, "c")).await().indefinitely();
        handler.handle(message(1, 1, "d")).await().indefinitely();
        assertEquals(List.of("c-10:u1=-/0", "c-10:u1=asked/1", "c-10:u2=-/0", "c1:u1=-/0"), seen);
    }

    @Test
    void aFailedHandlingWritesNothingAndOfOutsideAHandlingIsAClearError() {
        Conversations conversations = new Conversations(StateScope.CHAT, new MemoryStateStore(100, Duration.ofHours(1)),
                JSON, Duration.ofHours(1));
        AtomicInteger calls = new AtomicInteger();
        List<String> steps = new ArrayList<>();
        UpdateHandler handler = conversations.around(update -> {
            Conversation c = conversations.of(update);
            steps.add(c.step().orElse("-"));
            c.setStep("s" + calls.incrementAndGet());
            return calls.get() == 1 ? Uni.createFrom().failure(new IllegalStateException("boom"))
                    : Uni.createFrom().voidItem();
        });
        assertThrows(IllegalStateException.class, () -> handler.handle(message(5, 5, "x")).await().indefinitely());
        handler.handle(message(5, 5, "y")).await().indefinitely();
        handler.handle(message(5, 5, "z")).await().indefinitely();
        assertEquals(List.of("-", "-", "s2"), steps, "the failed first handling wrote nothing");
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> conversations.of(message(5, 5, "late")));
        assertTrue(outside.getMessage().contains("is not being handled"), outside.getMessage());
        assertEquals(0, conversations.lanesInUse());
    }

    /**
     * scope=user: one user writes in 40 chats at once. The dispatcher runs chats in parallel, so without a lane per
     * key the read-modify-write of the shared conversation would lose increments (or be refused as conflicts).
     */
    @Test
    void aUserWritingInManyChatsAtOnceLosesNoWrite() {
        MemoryStateStore store = new MemoryStateStore(100, Duration.ofHours(1));
        Conversations conversations = new Conversations(StateScope.USER, store, JSON, Duration.ofHours(1));
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        UpdateHandler handler = conversations.around(update -> {
            Conversation c = conversations.of(update);
            int n = c.data(Count.class).map(Count::n).orElse(0);
            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(5)).invoke(() -> {
                concurrent.decrementAndGet();
                c.setStep("counting").setData(new Count(n + 1));
            });
        });
        List<Uni<Void>> all = new ArrayList<>();
        for (int chat = 0; chat < 40; chat++) {
            all.add(handler.handle(message(-1000 - chat, 77, "hi")));
        }
        Uni.join().all(all).andFailFast().await().atMost(Duration.ofSeconds(30));
        Map<String, Integer> counts = new java.util.HashMap<>();
        handler = conversations.around(update -> {
            counts.put("n", conversations.of(update).data(Count.class).map(Count::n).orElse(-1));
            return Uni.createFrom().voidItem();
        });
        handler.handle(message(-5, 77, "read")).await().indefinitely();
        assertEquals(40, counts.get("n"), "every increment kept");
        assertEquals(1, most.get(), "one update of the key at a time");
        assertEquals(0, conversations.lanesInUse());
    }

    @Test
    void theMemoryStoreIsBoundedAndEndsConversationsAfterTheirTimeToLive() throws Exception {
        MemoryStateStore store = new MemoryStateStore(50, Duration.ofMillis(300));
        for (int i = 0; i < 5_000; i++) {
            store.finish("k" + i, i, new StateStore.Change("s", "{\"n\":1}", 0, 300)).await().indefinitely();
        }
        store.cleanUp();
        assertTrue(store.size() <= 50, "bounded by max-entries: " + store.size());
        store.finish("fresh", 1, new StateStore.Change("s", null, 0, 300)).await().indefinitely();
        assertEquals("s", store.load("fresh", 2).await().indefinitely().state().step());
        Thread.sleep(600);
        assertEquals(null, store.load("fresh", 3).await().indefinitely().state(), "ended by bot.state.ttl");
        assertFalse(store.load("fresh", 3).await().indefinitely().handledBefore());
    }

    @Test
    void aWriteBasedOnAStaleVersionIsRefused() {
        MemoryStateStore store = new MemoryStateStore(50, Duration.ofHours(1));
        store.finish("k", 1, new StateStore.Change("a", null, 0, 1000)).await().indefinitely();
        store.finish("k", 2, new StateStore.Change("b", null, 1, 1000)).await().indefinitely();
        assertThrows(StateConflictException.class,
                () -> store.finish("k", 3, new StateStore.Change("c", null, 1, 1000)).await().indefinitely());
        assertEquals("b", store.load("k", 4).await().indefinitely().state().step());
    }

    @Test
    void theMemoryStoreKeepsNamedSets() {
        MemoryStateStore store = new MemoryStateStore(1, Duration.ofMillis(1));
        assertTrue(store.addMember("subscribers", 3).await().indefinitely());
        assertTrue(store.addMember("subscribers", 1).await().indefinitely());
        assertFalse(store.addMember("subscribers", 3).await().indefinitely());
        store.finish("a", 1, new StateStore.Change("s", null, 0, 1)).await().indefinitely();
        store.finish("b", 2, new StateStore.Change("s", null, 0, 1)).await().indefinitely();
        store.cleanUp(); // conversations are evicted and expire; sets are not
        assertEquals(java.util.List.of(1L, 3L), store.members("subscribers").collect().asList().await().indefinitely());
        assertTrue(store.removeMember("subscribers", 1).await().indefinitely());
        assertEquals(java.util.List.of(3L), store.members("subscribers").collect().asList().await().indefinitely());
        assertEquals(java.util.List.of(), store.members("other").collect().asList().await().indefinitely());
    }
}
