package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.EmulatorOptions;
import dev.tgbot.support.Await;
import dev.tgbot.support.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The benchmark of README ({@code mvn -Pbenchmark verify}), not part of the tests: the packaged service against the
 * emulator in this JVM, both on loopback. Prints startup time to the first getUpdates, polling drain rates (no-op
 * and echo handler), webhook requests per second with p50/p99 latency, and resident memory. Sizes:
 * {@code -Dbench.updates} (20000), {@code -Dbench.chats} (100), {@code -Dbench.webhook.requests} (50000),
 * {@code -Dbench.webhook.connections} (40).
 */
class ThroughputBenchmark {

    final int rounds = Integer.getInteger("bench.rounds", 5);
    final int updates = Integer.getInteger("bench.updates", 20_000);
    final int chats = Integer.getInteger("bench.chats", 100);
    final int webhookRequests = Integer.getInteger("bench.webhook.requests", 50_000);
    final int connections = Integer.getInteger("bench.webhook.connections", 40);

    @Test
    void run() throws Exception {
        Vertx vertx = Vertx.vertx();
        BotApiEmulator emulator = BotApiEmulator.start(vertx, ServiceProcess.TOKEN, EmulatorOptions.local(), 0);
        Path lockDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-locks-");
        StringBuilder report = new StringBuilder("\n==== benchmark: " + updates + " updates over " + chats
                + " chats, " + Runtime.getRuntime().availableProcessors() + " cores ====\n");
        try {
            long t0 = System.nanoTime();
            try (ServiceProcess service = ServiceProcess.start(emulator.url(), lockDir, serviceProps(Map.of()))) {
                Await.until("first getUpdates", Duration.ofSeconds(60), () -> emulator.callCount("getUpdates") >= 1);
                long startupMs = (emulator.calls("getUpdates").get(0) - t0) / 1_000_000;
                report.append(String.format("startup (process start -> first getUpdates): %d ms%n", startupMs));

                for (int round = 1; round <= rounds; round++) {
                    drain(emulator, report, false, "polling, no-op handler (round " + round + ")");
                    drain(emulator, report, true, "polling, echo handler  (round " + round + ")");
                }
                report.append(String.format("resident memory after the polling runs: %d MiB%n", rssMiB(service.pid())));
                service.terminate();
                service.awaitExit(Duration.ofSeconds(30));
            }

            int port = FreePort.find();
            try (ServiceProcess service = ServiceProcess.start(emulator.url(), lockDir, serviceProps(Map.of("bot.mode",
                    "webhook", "quarkus.http.port", String.valueOf(port), "bot.webhook.url",
                    "http://127.0.0.1:" + port + "/telegram/webhook")))) {
                service.awaitOutput("Webhook set to", Duration.ofSeconds(60));
                webhook(vertx, port, Math.min(5_000, webhookRequests), 1_000_000_000L, null);
                webhook(vertx, port, webhookRequests, 2_000_000_000L, report);
                report.append(String.format("resident memory after the webhook run: %d MiB%n", rssMiB(service.pid())));
            }
        } finally {
            System.out.println(report);
            Files.writeString(Path.of("target", "benchmark.txt"), report.toString());
            emulator.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** @return {@code base} plus {@code -Dbench.service.props=k1=v1,k2=v2}: settings of the service under test */
    static Map<String, String> serviceProps(Map<String, String> base) {
        Map<String, String> props = new HashMap<>(base);
        for (String pair : System.getProperty("bench.service.props", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                props.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return props;
    }

    void drain(BotApiEmulator emulator, StringBuilder report, boolean echo, String label) {
        emulator.clearSent();
        long start = System.nanoTime();
        emulator.injectBacklog(updates, chats, echo);
        if (echo) {
            Await.until("all echoes", Duration.ofMinutes(5), () -> emulator.sentCount() >= updates);
        }
        Await.until("backlog confirmed", Duration.ofMinutes(5), () -> emulator.pendingCount() == 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        report.append(String.format("%s: %d updates in %.2f s = %.0f updates/s%n", label, updates, seconds,
                updates / seconds));
        if (echo) {
            checkOrder(emulator);
        }
    }

    /** The echoes of every chat come in the order of its messages: the benchmark keeps per-chat order. */
    void checkOrder(BotApiEmulator emulator) {
        Map<Long, Integer> next = new HashMap<>();
        for (JsonObject m : emulator.sent()) {
            long chat = m.getJsonObject("chat").getLong("id");
            int seq = Integer.parseInt(m.getString("text").substring(m.getString("text").indexOf(':') + 1));
            int expected = next.getOrDefault(chat, 1);
            assertEquals(expected, seq, "chat " + chat + " out of order");
            next.put(chat, expected + 1);
        }
        assertEquals(updates, next.values().stream().mapToInt(i -> i - 1).sum(), "every update echoed once");
    }

    void webhook(Vertx vertx, int port, int requests, long firstId, StringBuilder report) throws Exception {
        WebhookLoad.Result r = WebhookLoad.post(vertx, port, requests, connections, chats, firstId);
        if (report != null) {
            report.append(String.format("webhook, no-op handler, %d connections: %d requests in %.2f s = %.0f req/s, "
                    + "p50 %.2f ms, p99 %.2f ms, non-200: %d%n", connections, requests, r.seconds(), r.perSecond(),
                    r.latencyMillis(0.5), r.latencyMillis(0.99), r.non200()));
        }
    }

    static long rssMiB(long pid) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
