package dev.tgbot.it;

import java.time.Duration;
import java.util.Map;
import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.Fault;
import dev.tgbot.support.Await;

/**
 * One outage of the Bot API, as the service lives through it: every method answers Telegram's 502 HTML page for
 * {@code length} while users keep writing (one message every 2 s, in turn over 3 chats); then the seconds from the
 * outage's end to the first reply, the calls per second the service made meanwhile, and whether every message was
 * answered exactly once.
 *
 * @param length how long the outage lasted
 * @param recovery from the end of the outage to the first sendMessage that reached the emulator
 * @param callsPerSecond calls of any method received during the outage, per second
 * @param calls those calls, per method
 * @param messages messages written during the outage
 * @param answeredOnce true when each of them got exactly one echo
 */
record OutageRun(Duration length, Duration recovery, double callsPerSecond, Map<String, Integer> calls, int messages,
        boolean answeredOnce) {

    /**
     * Runs one outage against a service that polls the emulator; returns once every message written meanwhile has
     * been answered (or 30 s after the end).
     */
    static OutageRun measure(BotApiEmulator emulator, Duration length) {
        Await.until("polling", Duration.ofSeconds(20), emulator::longPollWaiting);
        long base = 900_000 + (System.nanoTime() / 1000) % 90_000;
        long start = System.nanoTime();
        emulator.outage(length, Fault.Kind.HTML, 502);
        long end = emulator.outageEnd();
        int written = 0;
        int sendsBefore = emulator.callCount("sendMessage");
        while (System.nanoTime() - end < -1_000_000_000L) {
            emulator.injectMessage(base + written % 3, "during the outage " + written);
            written++;
            sleep(2000);
        }
        int messages = written;
        Await.until("the first reply after the outage", Duration.ofSeconds(30).plus(length),
                () -> emulator.callCount("sendMessage") > sendsBefore);
        long firstReply = emulator.calls("sendMessage").get(sendsBefore);
        Map<String, Integer> calls = emulator.callCountsBetween(start, end);
        int total = calls.values().stream().mapToInt(Integer::intValue).sum();
        boolean once;
        try {
            Await.until("every message answered", Duration.ofSeconds(30), () -> answered(emulator, base) >= messages);
            once = answered(emulator, base) == messages;
        } catch (AssertionError missing) {
            once = false;
        }
        double seconds = (end - start) / 1e9;
        return new OutageRun(length, Duration.ofNanos(firstReply - end), total / seconds, calls, messages, once);
    }

    private static int answered(BotApiEmulator emulator, long base) {
        int n = 0;
        for (long chat = base; chat < base + 3; chat++) {
            n += emulator.sent(chat).size();
        }
        return n;
    }

    @Override
    public String toString() {
        return String.format("outage %d s: first reply %.2f s after its end; %.2f calls/s during it (%s); "
                + "%d messages written meanwhile, %s", length.toSeconds(), recovery.toMillis() / 1000.0,
                callsPerSecond, calls, messages, answeredOnce ? "each answered once" : "NOT each answered once");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
