package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tgbot.emulator.Fault;
import dev.tgbot.support.Await;
import dev.tgbot.support.RawUpdates;

/**
 * The packaged jar against a Bot API server that sends what the library cannot read: the bot never stops, logs what
 * it skipped without quoting it, and a restart does not see it again; a proxy's page is an outage, a partial getMe no
 * obstacle.
 */
class UnreadableUpdateIT {

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    @Test
    void unreadableUpdatesAreSkippedLoggedAndNeverSeenAgainAfterARestart() {
        long chat = 77;
        long[] bad = new long[3];
        try (ServiceProcess service = env.start()) {
            Await.until("polling", Duration.ofSeconds(20), env.emulator::longPollWaiting);
            env.emulator.injectMessage(chat, "before");
            bad[0] = env.emulator.injectUpdate(RawUpdates.chatWithoutType(chat));
            bad[1] = env.emulator.injectUpdate(RawUpdates.dateAsString(chat));
            bad[2] = env.emulator.injectUpdate(RawUpdates.callbackQueryNotAnObject());
            env.emulator.injectMessage(chat, "after");
            Await.until("both echoes", Duration.ofSeconds(10), () -> env.emulator.sent(chat).size() >= 2);
            for (long id : bad) {
                service.awaitOutput("update_id=" + id + " cannot be read", Duration.ofSeconds(5));
            }
            service.terminate();
            assertEquals(143, service.awaitExit(Duration.ofSeconds(20)));
            String out = service.output();
            assertTrue(out.contains("at $.message.chat.type"), out);
            assertTrue(out.contains("a string where Integer is expected at $.message.date"), out);
            assertFalse(out.contains(RawUpdates.CONTENT), "no content of an update in the log:\n" + out);
            assertFalse(out.contains("Exiting with code"), out);
        }
        assertEquals(0, env.emulator.pendingCount(), "confirmed at the handover");
        try (ServiceProcess again = env.start()) {
            Await.until("polling again", Duration.ofSeconds(20), env.emulator::longPollWaiting);
            env.emulator.injectMessage(chat, "later");
            Await.until("the third echo", Duration.ofSeconds(10), () -> env.emulator.sent(chat).size() >= 3);
            assertEquals(List.of("before", "after", "later"),
                    env.emulator.sent(chat).stream().map(m -> m.getString("text")).toList());
            assertFalse(again.output().contains("cannot be read"), again.output());
        }
    }

    @Test
    void aProxysHtmlPageInsteadOfGetUpdatesIsAnOutageNotACrash() {
        try (ServiceProcess service = env.start()) {
            Await.until("polling", Duration.ofSeconds(20), env.emulator::longPollWaiting);
            env.emulator.addFault(Fault.of("getUpdates", Fault.Kind.PROXY_PAGE, 3));
            env.emulator.injectMessage(8, "through the portal");
            service.awaitOutput("Bot API reachable again", Duration.ofSeconds(20));
            Await.until("the echo", Duration.ofSeconds(10), () -> !env.emulator.sent(8).isEmpty());
            String out = service.output();
            assertTrue(out.contains("no Bot API envelope (text/html; charset=utf-8): <!DOCTYPE html>"), out);
            assertTrue(service.alive(), out);
            assertFalse(out.contains("Exiting with code"), out);
        }
    }

    @Test
    void aGetMeWithoutIsBotAsTestServersAnswerStillStartsTheBot() {
        env.emulator.addFault(Fault.of("getMe", Fault.Kind.PARTIAL, 1000));
        try (ServiceProcess service = env.start()) {
            Await.until("polling", Duration.ofSeconds(20), env.emulator::longPollWaiting);
            env.emulator.injectMessage(9, "partial");
            Await.until("the echo", Duration.ofSeconds(10), () -> !env.emulator.sent(9).isEmpty());
            assertTrue(service.output().contains("Bot API accepted the token: @emulated_bot"), service.output());
        }
    }
}
