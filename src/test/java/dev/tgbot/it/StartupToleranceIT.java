package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tgbot.emulator.Fault;
import dev.tgbot.support.Await;

/**
 * The startup path, fast, loud and tolerant: getMe and getWebhookInfo in parallel, nothing verified twice, a retried
 * call visible at once, and a Bot API server without getWebhookInfo no obstacle to polling.
 */
class StartupToleranceIT {

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    @Test
    void aServerAnsweringGetWebhookInfoWithANonTelegram500StillGetsPolled() {
        env.emulator.addFault(Fault.unsupported("getWebhookInfo", 500, 1000));
        try (ServiceProcess service = env.start()) {
            Await.until("polling", Duration.ofSeconds(20), env.emulator::longPollWaiting);
            assertEquals(1, env.emulator.callCount("getWebhookInfo"), "an unsupported method is not asked again");
            assertEquals(1, count(service.output(), "getWebhookInfo is not supported"), service.output());
            assertTrue(service.output().toLowerCase().contains("api method getwebhookinfo is not supported"),
                    "the server's words are in the log: " + service.output());
            long id = env.emulator.injectMessage(5, "still here");
            Await.until("the echo", Duration.ofSeconds(10), () -> !env.emulator.sent(5).isEmpty());
            assertTrue(id > 0);
        }
    }

    @Test
    void aServerAnsweringGetWebhookInfo404MethodNotFoundStillGetsPolled() {
        env.emulator.addFault(Fault.unsupported("getWebhookInfo", 404, 1000));
        try (ServiceProcess service = env.start()) {
            Await.until("polling", Duration.ofSeconds(20), env.emulator::longPollWaiting);
            assertTrue(service.output().contains("getWebhookInfo is not supported"), service.output());
        }
    }

    @Test
    void withNoWebhookGetWebhookInfoIsAskedOnce() {
        try (ServiceProcess service = env.start()) {
            Await.until("polling", Duration.ofSeconds(20), env.emulator::longPollWaiting);
            assertEquals(1, env.emulator.callCount("getWebhookInfo"), "nothing to delete, nothing to verify");
            assertEquals(0, env.emulator.callCount("deleteWebhook"));
        }
    }

    @Test
    void theFirstLongPollGoesOverTheConnectionGetWebhookInfoOpened() {
        // on the real network a new connection is a TCP and a TLS handshake before the first long poll
        try (ServiceProcess service = env.start()) {
            Await.until("polling", Duration.ofSeconds(20), env.emulator::longPollWaiting);
            int webhookInfo = env.emulator.clientPorts("getWebhookInfo").get(0);
            int firstPoll = env.emulator.clientPorts("getUpdates").get(0);
            assertTrue(webhookInfo > 0, "the emulator knows the client's port");
            assertEquals(webhookInfo, firstPoll, "one connection for getWebhookInfo and the first getUpdates");
        }
    }

    @Test
    void getMeAndGetWebhookInfoGoOutTogether() {
        // getMe's first attempt hangs for bot.request-timeout (10 s): a sequential startup would not ask for the
        // webhook before that.
        env.emulator.addFault(Fault.of("getMe", Fault.Kind.HANG, 1));
        try (ServiceProcess service = env.start()) {
            Await.until("getWebhookInfo while getMe hangs", Duration.ofSeconds(6),
                    () -> env.emulator.callCount("getWebhookInfo") == 1);
            assertTrue(!service.output().contains("Bot API accepted the token"), "getMe has not answered yet");
        }
    }

    @Test
    void aFailingStartupCallIsReportedAtOnceWithTheServersWords() {
        env.emulator.addFault(Fault.status("getMe", 500, 3));
        try (ServiceProcess service = env.start()) {
            service.awaitOutput("Bot API accepted the token", Duration.ofSeconds(30));
            String out = service.output();
            int warning = out.indexOf("Bot API call failed, retrying within bot.startup-timeout=60 s: getMe failed: "
                    + "500 Internal Server Error: restart");
            assertTrue(warning >= 0, out);
            assertTrue(warning < out.indexOf("Bot API accepted the token"), "warned before the success");
            assertEquals(1, count(out, "Bot API call failed"), "retries within 10 s warn once: " + out);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
