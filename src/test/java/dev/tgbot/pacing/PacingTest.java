package dev.tgbot.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;

/**
 * Pacing against an emulator that punishes like Telegram (429 with retry_after beyond the limits, flood waits for a bot
 * that keeps going), with the overall rate raised to 300/s on both sides so that a broadcast of thousands takes
 * seconds: a broadcast meets no 429 and takes what the rate allows; replies go ahead of it; a burst to one chat is
 * spread at 3 per 3 s with no 429.
 */
@QuarkusTest
@TestProfile(PacingTest.Rates.class)
@WithTestResource(EmulatorResource.class)
class PacingTest {

    static final int RATE = 300;

    /** The test rates: 300 sends a second overall, Telegram's per-chat limits. */
    public static class Rates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.pacing.enabled", "true", "bot.pacing.overall", String.valueOf(RATE));
        }
    }

    @Inject
    Broadcaster broadcaster;
    @Inject
    SendPacer pacer;
    BotApiEmulator emulator;

    @BeforeEach
    void setUp() {
        emulator = EmulatorResource.emulator();
        emulator.clearSent();
        emulator.limits(RATE, 1000, 3, 3, 20, 60, 10);
    }

    @AfterEach
    void tearDown() {
        emulator.limits(false);
    }

    static Multi<Long> chats(long first, int count) {
        return Multi.createFrom().items(LongStream.range(first, first + count).boxed());
    }

    @Test
    void aBroadcastTo3000ChatsMeetsNo429AndTakesWhatTheRateAllows() {
        int count = 3000;
        long t0 = System.nanoTime();
        BroadcastReport report = Broadcaster.report(broadcaster.send(chats(1_000_000, count),
                chat -> SendMessage.builder().chatId(chat).text("news").build())).await().atMost(Duration.ofSeconds(60));
        double seconds = (System.nanoTime() - t0) / 1e9;
        double allowed = (double) count / RATE;
        System.out.printf("PacingTest broadcast: %d chats at %d/s in %.2f s (the rate allows %.2f s: %.2fx), "
                + "%d x 429%n", count, RATE, seconds, allowed, seconds / allowed, emulator.tooManyRequests());
        assertEquals(count, report.delivered(), report.toString());
        assertEquals(0, emulator.tooManyRequests(), "no 429");
        assertTrue(seconds <= allowed * 1.2, seconds + " s for what the rate allows in " + allowed + " s");
        assertTrue(seconds >= allowed * 0.8, "paced: " + seconds + " s");
    }

    @Test
    void aReplyGoesAheadOfARunningBroadcast() throws Exception {
        var running = Broadcaster.report(broadcaster.send(chats(2_000_000, 1500),
                chat -> SendMessage.builder().chatId(chat).text("news").build())).subscribeAsCompletionStage();
        Thread.sleep(1000);
        long t0 = System.nanoTime();
        long t0Ms = System.currentTimeMillis();
        emulator.injectMessage(4545, "are you there?");
        Await.until("the reply", Duration.ofSeconds(10), () -> !emulator.sent(4545).isEmpty());
        double latency = (System.nanoTime() - t0) / 1e6;
        boolean stillRunning = !running.isDone();
        BroadcastReport report = running.toCompletableFuture().get();
        // Bulk sends wait single file: 63 more of the broadcast's 64 in flight queue behind the one holding a slot.
        // A reply that joined them would let at least those 63 go first (210 ms at 300/s); a reply ahead of them lets
        // through only what the handler's own latency costs (one send per 3.3 ms) plus the slot already taken.
        List<io.vertx.core.json.JsonObject> sends = emulator.calls().stream()
                .filter(c -> "sendmessage".equals(c.getString("method"))).toList();
        long replyAt = sends.stream().filter(c -> "4545".equals(String.valueOf(c.getJsonObject("params")
                .getValue("chat_id")))).mapToLong(c -> c.getLong("at_ms")).min().orElseThrow();
        long bulkBefore = sends.stream().filter(c -> !"4545".equals(String.valueOf(c.getJsonObject("params")
                .getValue("chat_id")))).mapToLong(c -> c.getLong("at_ms")).filter(t -> t >= t0Ms && t < replyAt)
                .count();
        System.out.printf("PacingTest reply during a broadcast: answered in %.0f ms, %d broadcast sends arrived "
                + "between the user's message and the reply (broadcast of 1500 at %d/s, still running: %s)%n",
                latency, bulkBefore, RATE, stillRunning);
        assertTrue(stillRunning, "the broadcast was still running when the reply went");
        assertTrue(bulkBefore < 50, bulkBefore + " broadcast sends went ahead of the reply: it waited behind the "
                + "queued bulk sends instead of taking the next slot");
        assertTrue(latency < 1000, "the reply waited " + latency + " ms");
        assertEquals(1500, report.delivered());
        assertEquals(0, emulator.tooManyRequests());
    }

    @Test
    void aBurstOfRepliesToOneChatIsSpreadWithNo429() {
        long chat = 4646;
        long t0 = System.nanoTime();
        for (int i = 0; i < 9; i++) {
            emulator.injectMessage(chat, "burst " + i);
        }
        Await.until("9 replies", Duration.ofSeconds(20), () -> emulator.sent(chat).size() == 9);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("PacingTest burst: 9 replies to one private chat in %.2f s, %d x 429%n", seconds,
                emulator.tooManyRequests());
        assertEquals(0, emulator.tooManyRequests(), "no 429");
        assertTrue(seconds >= 5.5, "3 per 3 s: the last three after 6 s, not at once: " + seconds + " s");
    }

    @Test
    void eachChatGetsItsOutcome() {
        emulator.blockBot(3_000_002);
        emulator.forgetChat(3_000_003);
        emulator.migrate(-3_000_004, -1003000004L);
        List<BroadcastOutcome> outcomes = broadcaster.send(
                Multi.createFrom().items(3_000_001L, 3_000_002L, 3_000_003L, -3_000_004L, 3_000_005L),
                // Telegram refuses a text of spaces alone (400 "message text is empty"): one chat that fails for good,
                // whichever order the concurrent sends arrive in
                chat -> SendMessage.builder().chatId(chat).text(chat == 3_000_005L ? "   " : "news").build())
                .collect().asList().await().atMost(Duration.ofSeconds(20));
        Map<Long, BroadcastOutcome> byChat = new java.util.HashMap<>();
        outcomes.forEach(o -> byChat.put(o.chatId(), o));
        assertEquals(5, byChat.size(), outcomes.toString());
        assertEquals(BroadcastOutcome.Status.BLOCKED, byChat.get(3_000_002L).status());
        assertEquals(403, byChat.get(3_000_002L).errorCode());
        assertEquals(BroadcastOutcome.Status.CHAT_NOT_FOUND, byChat.get(3_000_003L).status());
        assertEquals(BroadcastOutcome.Status.MIGRATED, byChat.get(-3_000_004L).status());
        assertEquals(-1003000004L, byChat.get(-3_000_004L).deliveredTo());
        assertEquals(1, emulator.sent(-1003000004L).size(), "sent to the supergroup once");
        long failed = outcomes.stream().filter(o -> o.status() == BroadcastOutcome.Status.FAILED).count();
        long delivered = outcomes.stream().filter(o -> o.status() == BroadcastOutcome.Status.DELIVERED).count();
        assertEquals(1, failed, "the 400 of the blank text: " + outcomes);
        assertEquals(BroadcastOutcome.Status.FAILED, byChat.get(3_000_005L).status());
        assertEquals(400, byChat.get(3_000_005L).errorCode());
        assertEquals(1, delivered, outcomes.toString());
    }

    @Test
    void aMillionChatIdsArePulledAsTheSendsGoAndACancelledBroadcastStops() throws Exception {
        AtomicLong pulled = new AtomicLong();
        AtomicLong outcomes = new AtomicLong();
        Multi<Long> million = Multi.createFrom().range(0, 1_000_000).map(i -> 5_000_000L + i)
                .onItem().invoke(pulled::incrementAndGet);
        var subscription = broadcaster.send(million, chat -> SendMessage.builder().chatId(chat).text("news").build())
                .subscribe().with(o -> outcomes.incrementAndGet());
        Thread.sleep(2000);
        long pulledAt2s = pulled.get();
        long doneAt2s = outcomes.get();
        subscription.cancel();
        long pulledAtCancel = pulled.get();
        Thread.sleep(1500); // the sends already past their permit (at most IN_FLIGHT) finish
        int sentAfterCancel = emulator.sentCount();
        Thread.sleep(1000);
        int sentLater = emulator.sentCount();
        System.out.printf("PacingTest million: after 2 s %d chat ids pulled, %d outcomes; cancelled: %d more pulled, "
                + "%d sends in all, %d more a second later%n", pulledAt2s, doneAt2s, pulled.get() - pulledAtCancel,
                sentAfterCancel, sentLater - sentAfterCancel);
        assertTrue(doneAt2s > RATE, "it was sending: " + doneAt2s);
        assertTrue(pulledAt2s <= doneAt2s + Broadcaster.IN_FLIGHT + 2,
                "pulled " + pulledAt2s + " ids for " + doneAt2s + " outcomes: more than the sends in flight");
        assertEquals(pulledAtCancel, pulled.get(), "no chat id pulled after the cancel");
        assertTrue(sentAfterCancel <= pulledAtCancel, sentAfterCancel + " sends for " + pulledAtCancel + " ids");
        assertEquals(sentAfterCancel, sentLater, "nothing sent a while after the cancel");
        assertEquals(0, emulator.tooManyRequests());
    }
}
