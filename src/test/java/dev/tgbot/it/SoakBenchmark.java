package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tgbot.config.BotSettings;
import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.EmulatorOptions;
import dev.tgbot.support.Await;
import dev.tgbot.support.FreePort;
import io.vertx.core.Vertx;

/**
 * The soak of README's benchmark ({@code mvn -Pbenchmark verify}): the packaged service in a 512 MB container's JVM
 * ({@code -XX:MaxRAM=512m}, plus README's production options) under sustained load with a no-op handler, then
 * SIGTERM under that load.
 * <ul>
 * <li>webhook: {@code bench.soak.rounds} (6) rounds of {@code wrk -t2 -c32 -d10s} posting sticker updates, each with
 * its own update_id and the secret token;</li>
 * <li>polling: the same rounds while the emulator's backlog is refilled as fast as it drains.</li>
 * </ul>
 * Per round: updates per second, resident memory; after the first and the last round: the live heap, counted during
 * a full GC, and the classes that grew most in between. Fails if the service died or ran out of memory, if the last round kept less than 70 % of the first round's
 * throughput, or if SIGTERM took longer than {@code quarkus.shutdown.timeout} (10 s) plus the handover's drain (10 s).
 * Needs {@code wrk} (Debian package {@code wrk}) for the webhook part.
 */
class SoakBenchmark {

    static final List<String> CONTAINER_JVM = ServiceProcess.PRODUCTION_JVM;
    static final Duration ROUND = Duration.ofSeconds(10);
    static final Duration STOP_BOUND = Duration.ofSeconds(20);

    final int rounds = Integer.getInteger("bench.soak.rounds", 6);
    final StringBuilder report = new StringBuilder();

    @Test
    void soak() throws Exception {
        Vertx vertx = Vertx.vertx();
        BotApiEmulator emulator = BotApiEmulator.start(vertx, ServiceProcess.TOKEN, EmulatorOptions.local(), 0);
        Path lockDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "soak-locks-");
        report.append(String.format("%n==== soak: %d x %d s per mode, %s, no-op handler, %d cores ====%n", rounds,
                ROUND.toSeconds(), String.join(" ", CONTAINER_JVM), Runtime.getRuntime().availableProcessors()));
        try {
            if (wrkInstalled()) {
                webhook(emulator, lockDir);
            } else {
                report.append("webhook soak skipped: wrk is not installed (apt-get install wrk)\n");
            }
            polling(vertx, emulator, lockDir);
        } finally {
            System.out.println(report);
            Files.writeString(Path.of("target", "soak.txt"), report.toString());
            emulator.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    void webhook(BotApiEmulator emulator, Path lockDir) throws Exception {
        int port = FreePort.find();
        Path script = Path.of("target", "soak-webhook.lua").toAbsolutePath();
        Files.writeString(script, WRK_SCRIPT);
        try (ServiceProcess service = ServiceProcess.start(emulator.url(), lockDir, Map.of("bot.mode", "webhook",
                "quarkus.http.port", String.valueOf(port), "bot.webhook.url",
                "http://127.0.0.1:" + port + "/telegram/webhook"), CONTAINER_JVM)) {
            service.awaitOutput("Webhook set to", Duration.ofSeconds(60));
            List<Double> rates = new ArrayList<>();
            Map<String, Long> classesFirst = Map.of();
            for (int round = 1; round <= rounds; round++) {
                String out = wrk(port, script, round, ROUND);
                double rate = number(out, "Requests/sec:\\s+([0-9.]+)");
                rates.add(rate);
                report.append(String.format("webhook round %d: %,.0f req/s, p99 %s, non-2xx %,d, RSS %d MiB%n", round,
                        rate, text(out, "99%\\s+(\\S+)"), (long) number(out, "Non-2xx or 3xx responses:\\s+(\\d+)"),
                        ThroughputBenchmark.rssMiB(service.pid())));
                if (round == 1) {
                    classesFirst = HeapHistogram.liveBytes(service.pid());
                }
            }
            verdict("webhook", service, rates, classesFirst);
            Process load = wrkProcess(port, script, rounds + 1, Duration.ofSeconds(15));
            try {
                Thread.sleep(3000);
                stopUnderLoad("webhook", service);
            } finally {
                load.destroy();
                load.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    void polling(Vertx vertx, BotApiEmulator emulator, Path lockDir) throws Exception {
        AtomicLong injected = new AtomicLong();
        try (ServiceProcess service = ServiceProcess.start(emulator.url(), lockDir, Map.of(), CONTAINER_JVM)) {
            Await.until("first long poll", Duration.ofSeconds(60), emulator::longPollWaiting);
            // The backlog is refilled as fast as it drains: never fewer than 20,000 pending updates.
            long refill = vertx.setPeriodic(10, t -> {
                if (emulator.pendingCount() < 20_000) {
                    emulator.injectBacklog(20_000, 100, false);
                    injected.addAndGet(20_000);
                }
            });
            try {
                List<Double> rates = new ArrayList<>();
                Map<String, Long> classesFirst = Map.of();
                long before = 0;
                for (int round = 1; round <= rounds; round++) {
                    long start = System.nanoTime();
                    Thread.sleep(ROUND.toMillis());
                    long confirmed = injected.get() - emulator.pendingCount();
                    double rate = (confirmed - before) / ((System.nanoTime() - start) / 1e9);
                    before = confirmed;
                    rates.add(rate);
                    report.append(String.format("polling round %d: %,.0f updates/s confirmed, RSS %d MiB%n", round,
                            rate, ThroughputBenchmark.rssMiB(service.pid())));
                    if (round == 1) {
                        classesFirst = HeapHistogram.liveBytes(service.pid());
                        // The full GC's pause belongs to no round: the next one counts from here.
                        before = injected.get() - emulator.pendingCount();
                    }
                }
                verdict("polling", service, rates, classesFirst);
                stopUnderLoad("polling", service);
            } finally {
                vertx.cancelTimer(refill);
            }
        }
    }

    void verdict(String mode, ServiceProcess service, List<Double> rates, Map<String, Long> classesFirst) {
        Map<String, Long> classesLast = HeapHistogram.liveBytes(service.pid());
        long heapFirstKiB = HeapHistogram.totalKiB(classesFirst);
        long heapLastKiB = HeapHistogram.totalKiB(classesLast);
        double kept = rates.get(rates.size() - 1) / rates.get(0);
        report.append(String.format("%s: last round %.0f %% of the first; live heap (full GC) %,d KiB after round 1, "
                + "%,d KiB at the end (%+,d KiB)%n", mode, kept * 100, heapFirstKiB, heapLastKiB,
                heapLastKiB - heapFirstKiB));
        report.append(String.format("  grown most since round 1: %s%n",
                HeapHistogram.grownMost(classesFirst, classesLast, 5)));
        assertTrue(service.alive(), mode + ": the service died:\n" + service.output());
        assertFalse(service.output().contains("OutOfMemoryError"), mode + ": OutOfMemoryError:\n" + service.output());
        assertTrue(kept >= 0.7, mode + ": the last round kept less than 70 % of the first round's throughput");
    }

    void stopUnderLoad(String mode, ServiceProcess service) {
        long start = System.nanoTime();
        service.terminate();
        int code = service.awaitExit(STOP_BOUND);
        long ms = (System.nanoTime() - start) / 1_000_000;
        report.append(String.format("%s: SIGTERM under load -> exited %d after %,d ms%n", mode, code, ms));
    }

    static boolean wrkInstalled() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String wrk(int port, Path script, int round, Duration duration) throws Exception {
        Process p = wrkProcess(port, script, round, duration);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    /** One wrk run whose update_ids cannot collide with another round's (the service drops duplicates). */
    static Process wrkProcess(int port, Path script, int round, Duration duration) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c32", "-d" + duration.toSeconds() + "s", "--latency",
                "-s", script.toString(), "http://127.0.0.1:" + port).redirectErrorStream(true);
        pb.environment().put("SECRET", BotSettings.deriveSecret(ServiceProcess.TOKEN));
        // update_id is a 32-bit integer: rounds 100,000,000 apart, threads 10,000,000
        pb.environment().put("FIRST_ID", String.valueOf(round * 100_000_000L));
        return pb.start();
    }

    static double number(String out, String regex) {
        String t = text(out, regex);
        return t.equals("?") ? 0 : Double.parseDouble(t);
    }

    static String text(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? m.group(1) : "?";
    }

    /** wrk: each thread counts its own update_ids from FIRST_ID + thread * 10,000,000. */
    static final String WRK_SCRIPT = """
            local threads = 0
            setup = function(thread)
              thread:set("base", tonumber(os.getenv("FIRST_ID")) + threads * 10000000)
              threads = threads + 1
            end
            local counter = 0
            init = function(args)
              wrk.headers["Content-Type"] = "application/json"
              wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = os.getenv("SECRET")
            end
            request = function()
              counter = counter + 1
              local id = base + counter
              local body = '{"update_id":' .. id .. ',"message":{"message_id":' .. id
                .. ',"date":1,"chat":{"id":' .. (counter % 100 + 1)
                .. ',"type":"private"},"sticker":{"file_id":"s"}}}'
              return wrk.format("POST", "/telegram/webhook", nil, body)
            end
            """;
}
