package dev.tgbot.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tgbot.handler.UpdateHandler;
import dev.tgbot.support.TestPostgres;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The PostgreSQL store against a real server. A "restart" or a new lease holder is a second store with its own
 * pool on the same tables: it continues the conversation, and skips an update the first one handled but never
 * confirmed.
 */
class PostgresStateStoreTest {

    Vertx vertx;
    String table;
    final List<Pool> pools = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        table = "state_" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        pools.forEach(p -> p.close().await().indefinitely());
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    PostgresStateStore store() {
        PgConnectOptions connect = new PgConnectOptions().setHost("127.0.0.1").setPort(TestPostgres.port())
                .setDatabase("postgres").setUser("postgres").setConnectTimeout(2000);
        Pool pool = Pool.newInstance(PgBuilder.pool().connectingTo(connect).with(new PoolOptions().setMaxSize(4))
                .using(vertx).build());
        pools.add(pool);
        return new PostgresStateStore(pool, 123456, table, Duration.ofSeconds(5));
    }

    record Order(String name) {
    }

    @Test
    void aConversationContinuesInTheNextProcessAndAnUpdateHandledThereIsSkipped() {
        Conversations first = new Conversations(StateScope.USER_IN_CHAT, store(), new ObjectMapper(),
                Duration.ofHours(1));
        List<String> log = new ArrayList<>();
        UpdateHandler bot = first.around(update -> {
            Conversation c = first.of(update);
            log.add("first:" + update.getUpdateId() + ":" + c.step().orElse("-"));
            c.setStep("quantity").setData(new Order("Alice"));
            return Uni.createFrom().voidItem();
        });
        var name = ConversationsTest.message(42, 42, "Alice");
        bot.handle(name).await().indefinitely();

        // the first process dies before it confirms the offset: the next holder gets the same update, then a new one
        Conversations next = new Conversations(StateScope.USER_IN_CHAT, store(), new ObjectMapper(),
                Duration.ofHours(1));
        UpdateHandler nextBot = next.around(update -> {
            Conversation c = next.of(update);
            log.add("next:" + update.getUpdateId() + ":" + c.step().orElse("-") + ":"
                    + c.data(Order.class).map(Order::name).orElse("?"));
            c.end();
            return Uni.createFrom().voidItem();
        });
        nextBot.handle(name).await().indefinitely();
        var quantity = ConversationsTest.message(42, 42, "3");
        nextBot.handle(quantity).await().indefinitely();
        assertEquals(List.of("first:" + name.getUpdateId() + ":-",
                "next:" + quantity.getUpdateId() + ":quantity:Alice"), log);
        assertEquals(1, next.handledBeforeCount());
        assertNull(store().load("c42:u42", 0).await().indefinitely().state(), "ended");
    }

    @Test
    void aStaleWriteIsRefusedAndNothingOfItIsRecorded() {
        PostgresStateStore a = store();
        PostgresStateStore b = store();
        a.finish("k", 1, new StateStore.Change("one", "{}", 0, 60_000)).await().indefinitely();
        assertEquals(1, b.load("k", 2).await().indefinitely().state().version());
        b.finish("k", 2, new StateStore.Change("two", null, 1, 60_000)).await().indefinitely();
        assertThrows(StateConflictException.class,
                () -> a.finish("k", 3, new StateStore.Change("three", null, 1, 60_000)).await().indefinitely());
        StateStore.Loaded after = a.load("k", 3).await().indefinitely();
        assertEquals("two", after.state().step());
        assertFalse(after.handledBefore(), "the refused update was not recorded as handled (the transaction rolled back)");
        assertTrue(a.load("k", 2).await().indefinitely().handledBefore());
    }

    @Test
    void aConversationEndsAfterItsTimeToLiveAndCleanUpRemovesWhatTelegramWasToldOf() throws Exception {
        PostgresStateStore store = store();
        store.finish("short", 10, new StateStore.Change("s", null, 0, 300)).await().indefinitely();
        store.finish("long", 11, new StateStore.Change("s", null, 0, 60_000)).await().indefinitely();
        assertEquals("s", store.load("short", 12).await().indefinitely().state().step());
        Thread.sleep(700);
        assertNull(store.load("short", 12).await().indefinitely().state(), "past bot.state.ttl");
        assertEquals("s", store.load("long", 12).await().indefinitely().state().step());
        // expired "short" and the handled row of update 10 (below the confirmed offset 11) go; update 11's stays
        assertEquals(2, store.cleanUp(11).await().indefinitely());
        assertFalse(store.load(null, 10).await().indefinitely().handledBefore());
        assertTrue(store.load(null, 11).await().indefinitely().handledBefore());
    }

    @Test
    void aSetIsSharedByReplicasAndReadInPagesInOrder() {
        PostgresStateStore a = store();
        PostgresStateStore b = store();
        int count = PostgresStateStore.PAGE * 2 + 17; // three pages
        for (long id = count; id >= 1; id--) {
            a.addMember("subscribers", id).await().indefinitely();
        }
        assertFalse(b.addMember("subscribers", 5).await().indefinitely(), "already there, added by the other");
        assertTrue(b.addMember("admins", 5).await().indefinitely(), "another set");
        List<Long> read = b.members("subscribers").collect().asList().await().indefinitely();
        assertEquals(count, read.size());
        assertEquals(java.util.stream.LongStream.rangeClosed(1, count).boxed().toList(), read, "ascending, each once");
        assertTrue(a.removeMember("subscribers", 7).await().indefinitely());
        assertFalse(a.removeMember("subscribers", 7).await().indefinitely());
        assertEquals(count - 1, b.members("subscribers").collect().asList().await().indefinitely().size());
        assertEquals(List.of(5L), a.members("admins").collect().asList().await().indefinitely());
        assertEquals(List.of(), a.members("never").collect().asList().await().indefinitely());
    }
}
