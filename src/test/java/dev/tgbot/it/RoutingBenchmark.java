package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.EmulatorOptions;
import dev.tgbot.support.Await;
import io.vertx.core.Vertx;

/**
 * What routing costs ({@code mvn -Pbenchmark verify -Dit.test=RoutingBenchmark}), not part of the tests: the echo
 * drain of the packaged jar with {@link dev.tgbot.handler.ExampleBot}'s {@code @Content(TEXT)} route against the same
 * echo written as a plain {@code UpdateHandler} ({@link dev.tgbot.handler.EchoBot}), in the same run, with README's
 * production JVM options (the AppCDS archive too when {@code target/app-cds.jsa} exists):
 * <ul>
 * <li>cold: a fresh process per drain of {@code bench.updates} (20,000) text messages over {@code bench.chats} (100)
 * chats, pending before it starts; CPU (user + system) from the start to the last reply; {@code bench.drains} (5)
 * per variant, interleaved;</li>
 * <li>warm: one process per variant, a warm-up drain, then {@code bench.drains} drains; the CPU of each.</li>
 * </ul>
 * Prints medians and the ratio routes / UpdateHandler (target: at most 1.05).
 */
class RoutingBenchmark {

    final int updates = Integer.getInteger("bench.updates", 20_000);
    final int chats = Integer.getInteger("bench.chats", 100);
    final int drains = Integer.getInteger("bench.drains", 5);

    static final Map<String, String> VARIANTS = new LinkedHashMap<>();
    static {
        VARIANTS.put("routes (ExampleBot @Content(TEXT))", "dev.tgbot.handler.ExampleBot");
        VARIANTS.put("UpdateHandler (EchoBot)", "dev.tgbot.handler.EchoBot");
    }

    @Test
    void run() throws Exception {
        Vertx vertx = Vertx.vertx();
        BotApiEmulator emulator = BotApiEmulator.start(vertx, ServiceProcess.TOKEN, EmulatorOptions.local(), 0);
        Path lockDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-locks-");
        List<String> jvm = ServiceProcess.productionJvm();
        Map<String, List<Double>> cold = new LinkedHashMap<>();
        Map<String, List<Double>> coldWall = new LinkedHashMap<>();
        Map<String, List<Double>> warm = new LinkedHashMap<>();
        VARIANTS.keySet().forEach(v -> {
            cold.put(v, new ArrayList<>());
            coldWall.put(v, new ArrayList<>());
            warm.put(v, new ArrayList<>());
        });
        StringBuilder report = new StringBuilder(String.format("%n==== routing benchmark: %,d text messages over %d "
                + "chats, %d cores, JVM %s ====%n", updates, chats, Runtime.getRuntime().availableProcessors(), jvm));
        try {
            for (int i = 0; i < drains; i++) {
                List<String> order = new ArrayList<>(VARIANTS.keySet());
                if (i % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String variant : order) {
                    emulator.clearPending();
                    emulator.clearSent();
                    emulator.injectBacklog(updates, chats, true);
                    long t0 = System.nanoTime();
                    try (ServiceProcess service = ServiceProcess.start(emulator.url(), lockDir,
                            Map.of("bot.handler", VARIANTS.get(variant)), jvm)) {
                        awaitReplies(emulator, TimeUnit.MINUTES.toNanos(3));
                        coldWall.get(variant).add((System.nanoTime() - t0) / 1e9);
                        cold.get(variant).add(ColdStartBenchmark.cpuSeconds(service.pid()));
                        service.terminate();
                        service.awaitExit(Duration.ofSeconds(30));
                    }
                }
                System.out.printf("cold round %d of %d done%n", i + 1, drains);
            }
            for (String variant : VARIANTS.keySet()) {
                emulator.clearPending();
                try (ServiceProcess service = ServiceProcess.start(emulator.url(), lockDir,
                        Map.of("bot.handler", VARIANTS.get(variant)), jvm)) {
                    Await.until("polling", Duration.ofSeconds(60), emulator::longPollWaiting);
                    for (int i = 0; i <= drains; i++) {
                        emulator.clearSent();
                        double before = ColdStartBenchmark.cpuSeconds(service.pid());
                        emulator.injectBacklog(updates, chats, true);
                        awaitReplies(emulator, TimeUnit.MINUTES.toNanos(3));
                        Await.until("confirmed", Duration.ofSeconds(30), () -> emulator.pendingCount() == 0);
                        if (i > 0) { // the first is the warm-up
                            warm.get(variant).add(ColdStartBenchmark.cpuSeconds(service.pid()) - before);
                        }
                    }
                    service.terminate();
                    service.awaitExit(Duration.ofSeconds(30));
                }
            }
            String routes = "routes (ExampleBot @Content(TEXT))";
            String plain = "UpdateHandler (EchoBot)";
            for (String variant : VARIANTS.keySet()) {
                report.append(String.format("%s:%n  cold drain CPU median %.2f s (runs: %s), wall median %.2f s%n"
                        + "  warm drain CPU median %.2f s (runs: %s)%n", variant, ColdStartBenchmark.median(
                                cold.get(variant)), list(cold.get(variant)), ColdStartBenchmark.median(coldWall
                                        .get(variant)), ColdStartBenchmark.median(warm.get(variant)),
                        list(warm.get(variant))));
            }
            double coldRatio = ColdStartBenchmark.median(cold.get(routes)) / ColdStartBenchmark.median(cold.get(plain));
            double warmRatio = ColdStartBenchmark.median(warm.get(routes)) / ColdStartBenchmark.median(warm.get(plain));
            report.append(String.format("routes / UpdateHandler CPU: cold %.3fx, warm %.3fx (target <= 1.05x: %s)%n",
                    coldRatio, warmRatio, coldRatio <= 1.05 && warmRatio <= 1.05 ? "met" : "NOT met"));
        } finally {
            System.out.println(report);
            Files.writeString(Path.of("target", "routing-benchmark.txt"), report.toString());
            emulator.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private void awaitReplies(BotApiEmulator emulator, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (emulator.sentCount() < updates) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + emulator.sentCount() + " replies in time");
            }
            Thread.sleep(2);
        }
        Thread.sleep(100);
        assertEquals(updates, emulator.sentCount(), "every message answered once");
    }

    private static String list(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.2f", v)).toList());
    }
}
