package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An outage of the Bot API ends for the bot within 5 s of the Bot API's return, and costs at most one call per 2 s
 * meanwhile. The figures for longer outages come from {@code OutageBenchmark}.
 */
class OutageIT {

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    @Test
    void backOnTheAirWithin5SecondsOfTheEndAndQuietMeanwhile() {
        try (ServiceProcess service = env.start()) {
            OutageRun run = OutageRun.measure(env.emulator, Duration.ofSeconds(16));
            System.out.println("OutageIT: " + run);
            String out = service.output();
            assertTrue(run.recovery().compareTo(Duration.ofSeconds(5)) <= 0, run + "\n" + out);
            assertTrue(run.callsPerSecond() <= 0.5, run + "\n" + out);
            assertTrue(run.answeredOnce(), run + "\n" + out);
            assertTrue(out.contains("Bot API unavailable for getUpdates"), out);
            assertTrue(out.contains("Bot API reachable again"), out);
        }
    }
}
