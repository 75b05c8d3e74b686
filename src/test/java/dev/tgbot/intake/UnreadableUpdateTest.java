package dev.tgbot.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.handler.UnreadableUpdate;
import dev.tgbot.support.Await;
import dev.tgbot.support.DeadLetterRecorder;
import dev.tgbot.support.EmulatorResource;
import dev.tgbot.support.RawUpdates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/**
 * Polling: an update the Bot API types cannot hold, between good ones, is skipped and handed to the application; the
 * good ones are answered once and in order, and the offset moves past all of them.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class UnreadableUpdateTest {

    @Inject
    DeadLetterRecorder deadLetters;

    @Test
    void unreadableUpdatesBetweenGoodOnesAreSkippedKeptAndConfirmed() {
        BotApiEmulator emulator = EmulatorResource.emulator();
        long chat = 5150;
        int before = deadLetters.kept().size();
        emulator.injectMessage(chat, "first");
        long noType = emulator.injectUpdate(RawUpdates.chatWithoutType(chat));
        long dateString = emulator.injectUpdate(RawUpdates.dateAsString(chat));
        emulator.injectMessage(chat, "second");
        long callback = emulator.injectUpdate(RawUpdates.callbackQueryNotAnObject());
        emulator.injectMessage(chat, "third");

        Await.until("three echoes", Duration.ofSeconds(10), () -> emulator.sent(chat).size() >= 3);
        Await.until("three dead letters", Duration.ofSeconds(10), () -> deadLetters.kept().size() >= before + 3);
        Await.until("all confirmed", Duration.ofSeconds(40), () -> emulator.pendingCount() == 0);

        assertEquals(List.of("first", "second", "third"),
                emulator.sent(chat).stream().map(m -> m.getString("text")).toList(), "every good one once, in order");
        List<UnreadableUpdate> kept = deadLetters.kept().subList(before, before + 3);
        assertEquals(List.of(noType, dateString, callback), kept.stream().map(UnreadableUpdate::updateId).toList());
        assertEquals("$.message.chat.type", kept.get(0).path());
        assertEquals("$.message.date", kept.get(1).path());
        assertEquals("$.callback_query", kept.get(2).path());
        assertEquals(RawUpdates.chatWithoutType(chat).put("update_id", noType), new JsonObject(kept.get(0).json()),
                "the update exactly as received");
        assertFalse(deadLetters.threads().stream().anyMatch(t -> t.contains("eventloop")),
                "observers may block: never on an event loop " + deadLetters.threads());
        String metrics = RestAssured.get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("telegram_updates_unreadable_total")
                && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 3), metrics);
    }
}
