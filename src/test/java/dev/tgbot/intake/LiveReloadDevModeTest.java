package dev.tgbot.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.logging.LogRecord;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.EmulatorOptions;
import dev.tgbot.intake.reload.ReloadableBot;
import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.QuarkusDevModeTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;

/**
 * Situation 3: dev-mode live reload restarts the application in the same JVM. The old poller must be gone before the
 * new one polls: exactly one poller, no 409 in the log, and the new code answers.
 */
public class LiveReloadDevModeTest {

    static final Vertx VERTX = Vertx.vertx();
    static final BotApiEmulator EMULATOR = BotApiEmulator.start(VERTX, EmulatorResource.TOKEN,
            EmulatorOptions.local(), 0);

    @RegisterExtension
    static final QuarkusDevModeTest DEV = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar
                    .addPackages(true, path -> {
                        String p = path.get();
                        return !p.contains("/support/") && !p.contains("/it/") && !p.contains("Test")
                                && !p.contains("Benchmark");
                    }, "dev.tgbot")
                    .addClass(ReloadableBot.class)
                    .addAsResource("META-INF/services/jakarta.enterprise.inject.build.compatible.spi."
                            + "BuildCompatibleExtension")
                    .addAsResource(new StringAsset("bot.token=" + EmulatorResource.TOKEN + "\n"
                            + "bot.api-url=" + EMULATOR.url() + "\n"
                            + "bot.polling.timeout=3\n"
                            + "bot.lock.dir=target/dev-mode-locks\n"
                            + "reload-test.enabled=true\n"), "application.properties"))
            .setLogRecordPredicate(r -> r.getLoggerName().startsWith("dev.tgbot"));

    @AfterAll
    public static void stopEmulator() {
        EMULATOR.close();
        VERTX.close();
    }

    @Test
    public void aReloadLeavesExactlyOnePollerAndLogsNoConflict() throws InterruptedException {
        Await.until("polling", Duration.ofSeconds(30), EMULATOR::longPollWaiting);
        EMULATOR.injectMessage(11, "before");
        Await.until("the first answer", Duration.ofSeconds(10), () -> EMULATOR.sent(11).size() == 1);
        assertEquals("version 1", EMULATOR.sent(11).get(0).getString("text"));

        DEV.modifySourceFile(ReloadableBot.class, s -> s.replace("\"version 1\"", "\"version 2\""));
        RestAssured.get("/q/health/live").then().statusCode(200); // the request that triggers the reload

        EMULATOR.injectMessage(11, "after");
        Await.until("the second answer", Duration.ofSeconds(20), () -> EMULATOR.sent(11).size() == 2);
        assertEquals("version 2", EMULATOR.sent(11).get(1).getString("text"), "the reloaded code answers");

        int before = EMULATOR.callCount("getUpdates");
        Thread.sleep(6_500); // two poll timeouts: one poller makes about 2 calls, two pollers evict each other
        int calls = EMULATOR.callCount("getUpdates") - before;
        assertTrue(calls <= 4, "one poller: " + calls + " getUpdates in 6.5 s with a 3 s timeout");
        List<LogRecord> records = DEV.getLogRecords();
        assertTrue(records.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains("conflict")
                || String.valueOf(r.getMessage()).contains("409")), () -> "no conflict logged: " + records.stream()
                        .map(r -> r.getLevel() + " " + r.getMessage()).toList());
        assertTrue(records.stream().anyMatch(r -> String.valueOf(r.getMessage()).contains("Long polling started")));
    }
}
