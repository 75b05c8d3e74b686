package dev.tgbot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;

/** One outage for all calls: few attempts while the Bot API is down, all of them at once when it answers. */
class OutageGateTest {

    static final TelegramApiException DOWN = new TelegramApiException("sendMessage", 502, "Bad Gateway", null);

    @Test
    void whileDownOnlyTheLongPollGoesAndTheFirstAnswerReleasesEveryone() {
        OutageGate gate = new OutageGate(Duration.ofMillis(300));
        AtomicInteger admitted = new AtomicInteger();
        gate.observe(DOWN);
        gate.admit(true).subscribe().with(ok -> admitted.incrementAndGet());
        assertEquals(1, admitted.get(), "the long poll always goes");
        for (int i = 0; i < 20; i++) {
            gate.admit(false).subscribe().with(ok -> admitted.incrementAndGet());
        }
        sleep(400);
        assertEquals(1, admitted.get(), "the others wait while a long poll probes");
        gate.observe(null);
        assertFalse(gate.down());
        assertEquals(21, admitted.get(), "all at once when the Bot API answers");
    }

    @Test
    void withoutALongPollTheOthersProbeOncePerSlotTogether() {
        OutageGate gate = new OutageGate(Duration.ofMillis(200));
        AtomicInteger admitted = new AtomicInteger();
        gate.observe(DOWN);
        for (int i = 0; i < 20; i++) {
            gate.admit(false).subscribe().with(ok -> admitted.incrementAndGet());
        }
        sleep(1100);
        int probes = admitted.get();
        assertTrue(probes >= 3 && probes <= 7, "about one per 200 ms, not 20 at once: " + probes);
        gate.observe(new TelegramApiException("sendMessage", 400, "Bad Request: chat not found", null));
        Await.until("everyone", Duration.ofSeconds(1), () -> admitted.get() == 20);
    }

    @Test
    void upMeansNoWaitAndA429IsNoOutage() {
        OutageGate gate = new OutageGate(Duration.ofSeconds(10));
        gate.observe(new TelegramApiException("sendMessage", 429, "Too Many Requests: retry after 1", 1));
        assertFalse(gate.down());
        AtomicInteger admitted = new AtomicInteger();
        gate.admit(false).subscribe().with(ok -> admitted.incrementAndGet());
        assertEquals(1, admitted.get());
    }

    @Test
    void anErrorEnvelopeEvenA500IsTheBotApiAnsweringNotAnOutage() {
        TelegramApiException envelope = HttpBotApi.error(500, "Internal Server Error",
                "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error: restart\"}", null);
        TelegramApiException page = HttpBotApi.error(502, "Bad Gateway",
                "<html><head><title>502 Bad Gateway</title></head></html>", null);
        assertTrue(envelope.fromBotApi());
        assertFalse(page.fromBotApi());
        assertTrue(ApiFailures.IS_TRANSIENT.test(envelope), "still retried");
        OutageGate gate = new OutageGate(Duration.ofSeconds(10));
        gate.observe(envelope);
        assertFalse(gate.down(), "one call's 500 does not hold back every other call");
        gate.observe(page);
        assertTrue(gate.down());
        gate.observe(envelope.forMethod("getUpdates"));
        assertFalse(gate.down(), "any envelope ends the outage");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
