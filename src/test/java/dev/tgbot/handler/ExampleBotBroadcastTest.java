package dev.tgbot.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The example's {@code /broadcast} with Telegram's default pacing, against an emulator that enforces Telegram's limits
 * (30 sends a second, 3 per 3 s to one chat, flood waits): 120 users send {@code /start} at once and get their 120
 * greetings with no 429 in what the rate allows (4 s); an admin's broadcast reaches them all with no 429, a user who
 * blocked the bot is counted and leaves the set, and a chat that is not an admin's is refused.
 */
@QuarkusTest
@TestProfile(ExampleBotBroadcastTest.Paced.class)
@WithTestResource(EmulatorResource.class)
class ExampleBotBroadcastTest {

    static final long ADMIN = 8900;
    static final long FIRST = 8_900_001;
    static final int USERS = 120;

    /** The example with its admin, and pacing at Telegram's rates (the tests' profile turns it off). */
    public static class Paced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new ExampleProfile().getConfigOverrides());
            config.put("bot.pacing.enabled", "true");
            config.put("bot.example.admins", "1," + ADMIN);
            return config;
        }
    }

    BotApiEmulator emulator;

    @BeforeEach
    void setUp() {
        emulator = EmulatorResource.emulator();
        emulator.clearSent();
        emulator.limits(true);
    }

    @AfterEach
    void tearDown() {
        emulator.limits(false);
    }

    @Test
    void startThenBroadcastAtTelegramsPaceWithNo429() {
        long t0 = System.nanoTime();
        for (int i = 0; i < USERS; i++) {
            emulator.injectMessage(FIRST + i, "/start");
        }
        Await.until("120 greetings", Duration.ofSeconds(30), () -> emulator.sentCount() >= USERS);
        double greetings = (System.nanoTime() - t0) / 1e9;
        int greetingLimits = emulator.tooManyRequests();
        // the pacer spaces its sends by departure; a fresh JVM's first sends can reach the server bunched (connections
        // opening, classes loading), which a strict server may count as 31 in one second: at most one 429, then paused
        assertTrue(greetingLimits <= 1, greetingLimits + " x 429 for the greetings");
        emulator.blockBot(FIRST + 7);

        emulator.injectMessage(ADMIN + 1, "/broadcast hello");
        Await.until("the refusal", Duration.ofSeconds(10), () -> !emulator.sent(ADMIN + 1).isEmpty());
        assertEquals("Only the admins in bot.example.admins can broadcast.",
                emulator.sent(ADMIN + 1).get(0).getString("text"));

        long t1 = System.nanoTime();
        emulator.injectMessage(ADMIN, "/broadcast Big news!");
        Await.until("the admin's report", Duration.ofSeconds(30), () -> emulator.sent(ADMIN).size() >= 2);
        double broadcast = (System.nanoTime() - t1) / 1e9;
        assertEquals("Broadcasting to everyone who sent /start…", emulator.sent(ADMIN).get(0).getString("text"));
        String report = emulator.sent(ADMIN).get(1).getString("text");
        System.out.printf("ExampleBotBroadcastTest: %d greetings at Telegram's pace in %.2f s (the rate allows "
                + "%.2f s), %d x 429; broadcast to %d chats in %.2f s: \"%s\"; %d x 429%n", USERS, greetings,
                USERS / 30.0, greetingLimits, USERS, broadcast, report, emulator.tooManyRequests() - greetingLimits);
        assertEquals("Broadcast delivered to " + (USERS - 1) + " chats; 1 blocked the bot or are gone", report);
        for (int i = 0; i < USERS; i++) {
            if (i != 7) {
                long chat = FIRST + i;
                assertTrue(emulator.sent(chat).stream().anyMatch(m -> "Big news!".equals(m.getString("text"))),
                        "chat " + chat + " got the broadcast");
            }
        }
        assertEquals(greetingLimits, emulator.tooManyRequests(), "no 429 in the broadcast");
        assertTrue(broadcast >= (USERS - 1) / 30.0 * 0.8, "paced at 30/s: " + broadcast + " s");
        assertTrue(broadcast <= (USERS - 1) / 30.0 * 1.5 + 1, broadcast + " s");

        emulator.injectMessage(ADMIN, "/broadcast again");
        Await.until("the second report", Duration.ofSeconds(30), () -> emulator.sent(ADMIN).size() >= 4);
        assertEquals("Broadcast delivered to " + (USERS - 1) + " chats", emulator.sent(ADMIN).get(3).getString("text"),
                "the chat that blocked the bot left the set");
    }
}
