package dev.tgbot.pacing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The control of {@link PacingTest}: the same emulator limits with {@code bot.pacing.enabled=false}, to show that the
 * emulator does punish a bot that does not pace (429s and flood waits, counted).
 */
@QuarkusTest
@TestProfile(UnpacedTest.Off.class)
@WithTestResource(EmulatorResource.class)
class UnpacedTest {

    /** No pacing. */
    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.pacing.enabled", "false");
        }
    }

    @Inject
    Broadcaster broadcaster;

    @AfterEach
    void tearDown() {
        EmulatorResource.emulator().limits(false);
    }

    @Test
    void withoutPacingTheSameBroadcastMeets429s() {
        BotApiEmulator emulator = EmulatorResource.emulator();
        emulator.limits(PacingTest.RATE, 1000, 3, 3, 20, 60, 1);
        long t0 = System.nanoTime();
        BroadcastReport report = Broadcaster.report(broadcaster.send(PacingTest.chats(3_000_000, 900),
                chat -> SendMessage.builder().chatId(chat).text("news").build())).await().atMost(Duration.ofMinutes(3));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("UnpacedTest broadcast: 900 chats at %d/s without pacing: %.2f s (the rate allows %.2f s), "
                + "%d x 429, %s%n", PacingTest.RATE, seconds, 900.0 / PacingTest.RATE, emulator.tooManyRequests(),
                emulator.limitsState());
        assertTrue(emulator.tooManyRequests() > 0, "the emulator punishes a bot that does not pace: "
                + emulator.limitsState());
        assertTrue(report.total() == 900, report.toString());
    }
}
