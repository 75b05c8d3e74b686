package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.EmulatorOptions;
import dev.tgbot.support.Await;
import io.vertx.core.Vertx;

/**
 * The echo drain of the packaged jar in several variants (service properties), for the benchmarks that compare them
 * in one run: each variant has its own emulator, so that the warm processes of all variants stay up and their drains
 * take turns.
 * <ul>
 * <li>cold: a fresh process per drain of {@code bench.updates} (20,000) text messages over {@code bench.chats} (100)
 * chats, pending before it starts; CPU (user + system, /proc) and wall time from the start to the last reply;
 * {@code bench.drains} (5) per variant, the variants taking turns (in reverse every other round);</li>
 * <li>warm: one process per variant, a warm-up drain each, then {@code bench.drains} rounds of one drain per variant
 * in turn; CPU and wall time of each drain.</li>
 * </ul>
 * Every message is answered once (checked), with README's production JVM options.
 */
final class DrainComparison {

    final int updates = Integer.getInteger("bench.updates", 20_000);
    final int chats = Integer.getInteger("bench.chats", 100);
    final int drains = Integer.getInteger("bench.drains", 5);

    /** Medians of one variant: CPU and wall seconds of a cold and of a warm drain. */
    record Figures(double coldCpu, double coldWall, double warmCpu, double warmWall, String runs) {

        /** @return updates per second of a warm drain */
        double warmRate(int updates) {
            return updates / warmWall;
        }
    }

    /**
     * @param variants name → service properties
     * @return name → figures, in the order given
     */
    Map<String, Figures> run(Map<String, Map<String, String>> variants) throws Exception {
        Vertx vertx = Vertx.vertx();
        Map<String, BotApiEmulator> emulators = new LinkedHashMap<>();
        Map<String, Path> locks = new LinkedHashMap<>();
        Map<String, List<List<Double>>> samples = new LinkedHashMap<>();
        List<String> jvm = ServiceProcess.productionJvm();
        try {
            for (String v : variants.keySet()) {
                emulators.put(v, BotApiEmulator.start(vertx, ServiceProcess.TOKEN, EmulatorOptions.local(), 0));
                locks.put(v, Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-locks-"));
                samples.put(v, List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
            }
            for (int i = 0; i < drains; i++) {
                List<String> order = new ArrayList<>(variants.keySet());
                if (i % 2 == 1) {
                    Collections.reverse(order);
                }
                for (String v : order) {
                    BotApiEmulator emulator = emulators.get(v);
                    emulator.clearPending();
                    emulator.clearSent();
                    emulator.injectBacklog(updates, chats, true);
                    long t0 = System.nanoTime();
                    try (ServiceProcess service = ServiceProcess.start(emulator.url(), locks.get(v), variants.get(v),
                            jvm)) {
                        awaitReplies(emulator);
                        samples.get(v).get(1).add((System.nanoTime() - t0) / 1e9);
                        samples.get(v).get(0).add(ColdStartBenchmark.cpuSeconds(service.pid()));
                        service.terminate();
                        service.awaitExit(Duration.ofSeconds(30));
                    }
                }
                System.out.printf("cold round %d of %d done%n", i + 1, drains);
            }
            Map<String, ServiceProcess> warm = new LinkedHashMap<>();
            try {
                for (String v : variants.keySet()) {
                    BotApiEmulator emulator = emulators.get(v);
                    emulator.clearPending();
                    warm.put(v, ServiceProcess.start(emulator.url(), locks.get(v), variants.get(v), jvm));
                    Await.until("polling", Duration.ofSeconds(60), emulator::longPollWaiting);
                }
                for (int i = 0; i <= drains; i++) {
                    List<String> order = new ArrayList<>(variants.keySet());
                    if (i % 2 == 1) {
                        Collections.reverse(order);
                    }
                    for (String v : order) {
                        BotApiEmulator emulator = emulators.get(v);
                        emulator.clearSent();
                        double before = ColdStartBenchmark.cpuSeconds(warm.get(v).pid());
                        long t0 = System.nanoTime();
                        emulator.injectBacklog(updates, chats, true);
                        awaitReplies(emulator);
                        double wall = (System.nanoTime() - t0) / 1e9;
                        Await.until("confirmed", Duration.ofSeconds(30), () -> emulator.pendingCount() == 0);
                        if (i > 0) { // the first round is the warm-up
                            samples.get(v).get(2).add(ColdStartBenchmark.cpuSeconds(warm.get(v).pid()) - before);
                            samples.get(v).get(3).add(wall);
                        }
                    }
                }
            } finally {
                for (ServiceProcess p : warm.values()) {
                    p.terminate();
                    p.awaitExit(Duration.ofSeconds(30));
                    p.close();
                }
            }
        } finally {
            emulators.values().forEach(BotApiEmulator::close);
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        Map<String, Figures> figures = new LinkedHashMap<>();
        samples.forEach((v, s) -> figures.put(v, new Figures(ColdStartBenchmark.median(s.get(0)),
                ColdStartBenchmark.median(s.get(1)), ColdStartBenchmark.median(s.get(2)),
                ColdStartBenchmark.median(s.get(3)), String.format("cold CPU %s; warm CPU %s", list(s.get(0)),
                        list(s.get(2))))));
        return figures;
    }

    String header(String title) {
        return String.format("%n==== %s: %,d text messages over %d chats, %d cores, JVM %s ====%n", title, updates,
                chats, Runtime.getRuntime().availableProcessors(), ServiceProcess.productionJvm());
    }

    private void awaitReplies(BotApiEmulator emulator) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (emulator.sentCount() < updates) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + emulator.sentCount() + " replies in time");
            }
            Thread.sleep(2);
        }
        Thread.sleep(100);
        assertEquals(updates, emulator.sentCount(), "every message answered once");
    }

    static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.2f", v)).toList());
    }
}
