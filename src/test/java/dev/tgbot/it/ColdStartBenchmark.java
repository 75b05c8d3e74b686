package dev.tgbot.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tgbot.config.BotSettings;
import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.EmulatorOptions;
import dev.tgbot.support.Await;
import dev.tgbot.support.FreePort;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The service beside telegraf 4.16.3 (node), in one run, each process started fresh, against the same emulator in
 * this JVM (issue 11's figures: {@code mvn -Pbenchmark verify -Dit.test=ColdStartBenchmark}), the peers taking turns
 * run by run (service, telegraf, service, telegraf, ...) so that the host's changing load falls on both. For each
 * peer:
 * <ul>
 * <li>startup: process start to the first getUpdates, median of {@code bench.startups} (5) fresh starts, and the
 * resident memory 3 s later (idle);</li>
 * <li>cold drain: {@code bench.updates} (20,000) text messages over {@code bench.chats} (100) chats are pending
 * before the process starts; process start to the last echo reply (wall time), the process's CPU time (user +
 * system, from /proc) and resident memory at that moment; median of {@code bench.drains} (5) fresh starts; every
 * update answered exactly once, and per-chat order, checked (for telegraf only reported: it handles a batch
 * concurrently);</li>
 * <li>webhook: a fresh process with a no-op handler, {@code wrk -t2 -c32} for 5 s (warm-up, discarded) then 10 s:
 * requests/s, p50 and p99 latency; medians of {@code bench.webhooks} (3) fresh processes.</li>
 * </ul>
 * Each figure of the service carries its ratio to telegraf's and issue 11's target with whether this run met it.
 * The service runs with {@code -Dbench.jvm} (space-separated JVM options; several variants separated by {@code |}),
 * by default {@link ServiceProcess#PRODUCTION_JVM} (README's production command) plus the AppCDS archive that
 * {@code docker/app-cds.sh} makes first (README's recipe; {@code -Dbench.cds=false} skips it; a variant of
 * {@code -Dbench.jvm} names it as {@code -XX:SharedArchiveFile=target/app-cds.jsa}); with
 * {@code -Dbench.baseline=true} (the default) also with {@code -XX:MaxRAM=512m} alone, the starting point, and
 * with the production options but no archive. With {@code -Dbench.floor=true} also {@link FrameworkFloor}'s
 * applications (Quarkus without the bot, startups only), to show how much of the start is the framework's: on JDK 17
 * with their AppCDS archives and, when JDK 25 is present, on JDK 25 with their AOT caches, the last line being the
 * service's extensions with its settings for them. Needs node and npm (telegraf is installed into
 * {@code target/telegraf-peer/}) and wrk; a missing one is reported and its part skipped. Report: stdout and
 * {@code target/coldstart.txt}.
 */
class ColdStartBenchmark {

    final int updates = Integer.getInteger("bench.updates", 20_000);
    final int chats = Integer.getInteger("bench.chats", 100);
    final int startups = Integer.getInteger("bench.startups", 5);
    final int drains = Integer.getInteger("bench.drains", 5);
    final int webhooks = Integer.getInteger("bench.webhooks", 3);
    final boolean baseline = Boolean.parseBoolean(System.getProperty("bench.baseline", "true"));
    final boolean appCds = Boolean.parseBoolean(System.getProperty("bench.cds", "true"));
    final boolean floor = Boolean.parseBoolean(System.getProperty("bench.floor", "false"));
    /** README's JDK 25 recipe, without the cache: {@code -Dbench.jdk25.jvm} overrides it (space-separated). */
    final List<String> jdk25Jvm = System.getProperty("bench.jdk25.jvm") == null ? ServiceProcess.PRODUCTION_JVM_25
            : Arrays.asList(System.getProperty("bench.jdk25.jvm").trim().split("\\s+"));
    /** JDK 25 of this machine, or null: {@code -Dbench.jdk25=false} leaves the JDK 25 recipe out. */
    final Path jdk25 = "false".equals(System.getProperty("bench.jdk25")) ? null : ServiceProcess.jdk25();
    /** Name prefixes of the two recipes' lines in the report. */
    static final String JDK17 = "service, JDK 17 recipe";
    static final String JDK25 = "service, JDK 25 recipe";
    static final long TICKS = clockTicks();

    /** One bot program under test. */
    interface Peer {
        String name();

        /** Starts a fresh process: polling ({@code port} 0) or webhook on {@code port}; ready to measure. */
        Running start(int port) throws Exception;

        /** @return true for a peer that only starts (the framework floor): no drain, no webhook */
        default boolean startupOnly() {
            return false;
        }
    }

    /** A started process. */
    interface Running extends AutoCloseable {
        long pid();

        @Override
        void close();
    }

    /** The figures of one peer. */
    static final class Figures {
        final List<Double> startupMs = new ArrayList<>();
        final List<Double> startupCpuS = new ArrayList<>();
        final List<Double> idleRss = new ArrayList<>();
        final List<Double> drainS = new ArrayList<>();
        final List<Double> cpuS = new ArrayList<>();
        final List<Double> rss = new ArrayList<>();
        String order = "";
        final List<Double> rps = new ArrayList<>();
        final List<Double> p50Ms = new ArrayList<>();
        final List<Double> p99Ms = new ArrayList<>();
        long non2xx;
    }

    BotApiEmulator emulator;
    Path lockDir;

    @Test
    void run() throws Exception {
        Vertx vertx = Vertx.vertx();
        emulator = BotApiEmulator.start(vertx, ServiceProcess.TOKEN, EmulatorOptions.local(), 0);
        lockDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-locks-");
        StringBuilder report = new StringBuilder(String.format("%n==== cold start beside telegraf %s: %,d updates over"
                + " %d chats, %d cores ====%n", TelegrafPeer.VERSION, updates, chats,
                Runtime.getRuntime().availableProcessors()));
        Map<String, Figures> results = new LinkedHashMap<>();
        try {
            if (appCds) {
                // made for this very jar (mvn verify has just packaged it): an archive of an earlier jar is ignored
                long t0 = System.nanoTime();
                String made = ServiceProcess.makeAppCds(ServiceProcess.APP_CDS, 3000).strip();
                report.append(String.format("%s (training run and dump: %.0f s)%n", made,
                        (System.nanoTime() - t0) / 1e9));
                if (jdk25 != null) {
                    t0 = System.nanoTime();
                    made = ServiceProcess.makeAppCds(jdk25, jdk25Jvm, ServiceProcess.AOT_CACHE, 3000).strip();
                    report.append(String.format("%s (JDK 25 training run and cache: %.0f s)%n", made,
                            (System.nanoTime() - t0) / 1e9));
                }
            }
            List<List<String>> variants = new ArrayList<>();
            if (System.getProperty("bench.jvm") != null) {
                for (String variant : System.getProperty("bench.jvm").split("\\|")) {
                    variants.add(Arrays.asList(variant.trim().split("\\s+")));
                }
            }
            List<Peer> peers = new ArrayList<>();
            if (baseline) {
                peers.add(service("service, -XX:MaxRAM=512m only", List.of("-XX:MaxRAM=512m")));
                if (appCds && System.getProperty("bench.jvm") == null) {
                    peers.add(service("service, " + String.join(" ", ServiceProcess.PRODUCTION_JVM) + " (no AppCDS)",
                            ServiceProcess.PRODUCTION_JVM));
                }
            }
            if (System.getProperty("bench.jvm") == null) {
                peers.add(service(JDK17 + ": " + String.join(" ", ServiceProcess.productionJvm()),
                        ServiceProcess.productionJvm()));
                if (jdk25 != null) {
                    List<String> jvm = new ArrayList<>();
                    jvm.add("java=" + jdk25);
                    jvm.addAll(jdk25Jvm);
                    if (appCds) {
                        jvm.add("-XX:AOTCache=" + ServiceProcess.AOT_CACHE.toAbsolutePath());
                    }
                    peers.add(service(JDK25 + ": " + String.join(" ", jvm), jvm));
                }
            }
            for (List<String> jvm : variants) {
                peers.add(service("service, " + String.join(" ", jvm), jvm));
            }
            String why = TelegrafPeer.install();
            if (why == null) {
                peers.add(telegraf());
            } else {
                report.append("telegraf skipped: ").append(why).append('\n');
            }
            if (floor) {
                String failed = FrameworkFloor.build();
                if (failed == null) {
                    for (FrameworkFloor.Variant v : FrameworkFloor.VARIANTS) {
                        FrameworkFloor.makeAppCds(v, ServiceProcess.PRODUCTION_JVM, URI.create(emulator.url()),
                                ServiceProcess.TOKEN, () -> emulator.callCount("getUpdates"));
                        peers.add(floor(v));
                    }
                    if (jdk25 != null) {
                        for (FrameworkFloor.Variant v : FrameworkFloor.VARIANTS) {
                            FrameworkFloor.makeAotCache(v, jdk25, jdk25Jvm, URI.create(emulator.url()),
                                    ServiceProcess.TOKEN, () -> emulator.callCount("getUpdates"));
                            peers.add(floor25(v));
                        }
                    }
                } else {
                    report.append("framework floor skipped: ").append(failed).append('\n');
                }
            }
            for (Peer peer : peers) {
                results.put(peer.name(), new Figures());
            }
            // Round by round, every peer in turn: this host is shared, and a load that comes and goes then weighs on
            // each peer alike instead of on the one whose block of runs it fell into.
            for (int i = 0; i < startups; i++) {
                for (Peer peer : peers) {
                    startup(peer, results.get(peer.name()));
                }
            }
            for (int i = 0; i < drains; i++) {
                for (Peer peer : peers) {
                    if (!peer.startupOnly()) {
                        drain(peer, results.get(peer.name()));
                    }
                }
                System.out.printf("drain round %d of %d done%n", i + 1, drains);
            }
            if (SoakBenchmark.wrkInstalled()) {
                for (int i = 0; i < webhooks; i++) {
                    for (Peer peer : peers) {
                        if (!peer.startupOnly()) {
                            webhook(peer, results.get(peer.name()));
                        }
                    }
                    System.out.printf("webhook round %d of %d done%n", i + 1, webhooks);
                }
            }
            table(report, results);
        } finally {
            System.out.println(report);
            Files.writeString(Path.of("target", "coldstart.txt"), report.toString());
            emulator.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    Peer service(String name, List<String> jvm) {
        return new Peer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Running start(int port) {
                Map<String, String> props = port == 0 ? Map.of() : Map.of("bot.mode", "webhook", "quarkus.http.port",
                        String.valueOf(port), "bot.webhook.url", "http://127.0.0.1:" + port + "/telegram/webhook");
                ServiceProcess p = ServiceProcess.start(emulator.url(), lockDir, props, jvm);
                if (port != 0) {
                    p.awaitOutput("Webhook set to", Duration.ofSeconds(60));
                }
                return new Running() {
                    @Override
                    public long pid() {
                        return p.pid();
                    }

                    @Override
                    public void close() {
                        p.terminate();
                        p.awaitExit(Duration.ofSeconds(30));
                        p.close();
                    }
                };
            }
        };
    }

    /** A throw-away Quarkus application without the bot, with the production JVM options and its own archive. */
    Peer floor(FrameworkFloor.Variant v) {
        List<String> jvm = new ArrayList<>(ServiceProcess.PRODUCTION_JVM);
        jvm.add("-XX:SharedArchiveFile=" + v.archive());
        return floor(v.name() + ", " + String.join(" ", ServiceProcess.PRODUCTION_JVM) + " + its AppCDS archive", v,
                ServiceProcess.thisJava(), jvm);
    }

    /** The same application on JDK 25 with the JDK 25 recipe's options and its own AOT cache. */
    Peer floor25(FrameworkFloor.Variant v) {
        List<String> jvm = new ArrayList<>(jdk25Jvm);
        jvm.add("-XX:AOTCache=" + v.aotCache());
        return floor(v.name() + ", JDK 25: " + String.join(" ", jdk25Jvm) + " + its AOT cache", v, jdk25, jvm);
    }

    private Peer floor(String name, FrameworkFloor.Variant v, Path java, List<String> jvm) {
        return new Peer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean startupOnly() {
                return true;
            }

            @Override
            public Running start(int port) {
                return running(FrameworkFloor.start(v, java, jvm, URI.create(emulator.url()),
                        ServiceProcess.TOKEN));
            }
        };
    }

    /** @return a started child process as a {@link Running}: SIGTERM at close, SIGKILL after 10 s */
    static Running running(Process p) {
        return new Running() {
            @Override
            public long pid() {
                return p.pid();
            }

            @Override
            public void close() {
                p.destroy();
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    Peer telegraf() {
        return new Peer() {
            @Override
            public String name() {
                return "telegraf " + TelegrafPeer.VERSION + " (node " + nodeVersion() + ")";
            }

            @Override
            public Running start(int port) throws Exception {
                Map<String, String> env = port == 0 ? Map.of("MODE", "echo") : Map.of("MODE", "webhook", "PORT",
                        String.valueOf(port), "SECRET", BotSettings.deriveSecret(ServiceProcess.TOKEN));
                Process p = TelegrafPeer.start(emulator.url(), ServiceProcess.TOKEN, env);
                if (port != 0) {
                    Await.until("telegraf's webhook server", Duration.ofSeconds(30), () -> listening(port));
                }
                return running(p);
            }
        };
    }

    void startup(Peer peer, Figures f) throws Exception {
        emulator.clearPending();
        int before = emulator.callCount("getUpdates");
        long t0 = System.nanoTime();
        try (Running r = peer.start(0)) {
            Await.until("first getUpdates", Duration.ofSeconds(60), () -> emulator.callCount("getUpdates") > before);
            f.startupCpuS.add(cpuSeconds(r.pid()));
            f.startupMs.add((emulator.calls("getUpdates").get(before) - t0) / 1e6);
            Thread.sleep(3000);
            f.idleRss.add((double) ThroughputBenchmark.rssMiB(r.pid()));
        }
    }

    void drain(Peer peer, Figures f) throws Exception {
        emulator.clearPending();
        emulator.clearSent();
        emulator.injectBacklog(updates, chats, true);
        long t0 = System.nanoTime();
        try (Running r = peer.start(0)) {
            long deadline = t0 + TimeUnit.MINUTES.toNanos(3);
            while (emulator.sentCount() < updates) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(peer.name() + ": only " + emulator.sentCount() + " replies in 3 min");
                }
                Thread.sleep(2);
            }
            long wall = System.nanoTime() - t0;
            f.cpuS.add(cpuSeconds(r.pid()));
            f.rss.add((double) ThroughputBenchmark.rssMiB(r.pid()));
            f.drainS.add(wall / 1e9);
            Thread.sleep(300);
            f.order = checkReplies(peer.name().startsWith("service"));
        }
    }

    /** @return "" when every update was answered once in per-chat order; else what was seen (only for a peer) */
    String checkReplies(boolean strict) {
        Map<Long, Integer> next = new HashMap<>();
        Map<Long, Integer> seen = new HashMap<>();
        int outOfOrder = 0;
        for (JsonObject m : emulator.sent()) {
            long chat = m.getJsonObject("chat").getLong("id");
            String text = m.getString("text");
            int seq = Integer.parseInt(text.substring(text.indexOf(':') + 1));
            int expected = next.getOrDefault(chat, 1);
            if (seq != expected) {
                outOfOrder++;
            }
            next.put(chat, Math.max(expected, seq + 1));
            seen.merge(chat * 1_000_000L + seq, 1, Integer::sum);
        }
        long distinct = seen.size();
        long twice = seen.values().stream().filter(c -> c > 1).count();
        String result = distinct == updates && twice == 0 && outOfOrder == 0 ? ""
                : String.format("%d of %d answered, %d twice, %d out of per-chat order", distinct, updates, twice,
                        outOfOrder);
        if (strict && !result.isEmpty()) {
            throw new AssertionError("the service must answer each update once, in per-chat order: " + result);
        }
        return result;
    }

    void webhook(Peer peer, Figures f) throws Exception {
        int port = FreePort.find();
        Path script = Path.of("target", "coldstart-webhook.lua").toAbsolutePath();
        Files.writeString(script, SoakBenchmark.WRK_SCRIPT);
        emulator.clearPending();
        try (Running r = peer.start(port)) {
            SoakBenchmark.wrk(port, script, 1, Duration.ofSeconds(5));
            String out = SoakBenchmark.wrk(port, script, 2, Duration.ofSeconds(10));
            f.rps.add(SoakBenchmark.number(out, "Requests/sec:\\s+([0-9.]+)"));
            f.p50Ms.add(millis(SoakBenchmark.text(out, "(?m)^\\s+50%\\s+(\\S+)")));
            f.p99Ms.add(millis(SoakBenchmark.text(out, "(?m)^\\s+99%\\s+(\\S+)")));
            long non2xx = (long) SoakBenchmark.number(out, "Non-2xx or 3xx responses:\\s+(\\d+)");
            f.non2xx += Math.max(0, non2xx);
        }
    }

    /** @return the figures of the first line whose name starts with {@code prefix}, or null */
    static Figures line(Map<String, Figures> results, String prefix) {
        return results.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** Issue 20's targets for the JDK 25 recipe, beside the JDK 17 recipe of the same run. */
    static void jdk25Targets(StringBuilder report, Figures j25, Figures j17, Figures peer) {
        report.append(String.format("%n-- JDK 25 recipe against its targets (same run)%n"));
        report.append(String.format("start -> first getUpdates: %.0f ms%s (JDK 17 recipe %.0f ms: %.2fx)%s%n",
                median(j25.startupMs), ratio(peer == null ? null : median(j25.startupMs) / median(peer.startupMs)),
                median(j17.startupMs), median(j25.startupMs) / median(j17.startupMs),
                target(true, "issue 20: <= 500 ms", median(j25.startupMs) <= 500)));
        if (j25.drainS.isEmpty() || j17.drainS.isEmpty()) {
            report.append(String.format("(no drains in this run: its memory and drain targets are not judged)%n"));
            return;
        }
        report.append(String.format("resident memory after the cold drain: %.0f MiB (JDK 17 recipe %.0f MiB)%s%n",
                median(j25.rss), median(j17.rss), target(true, "issue 20: <= 130 MiB", median(j25.rss) <= 130)));
        report.append(String.format("cold drain wall: %.2f s, %.2fx the JDK 17 recipe's%s%n", median(j25.drainS),
                median(j25.drainS) / median(j17.drainS), target(true, "issue 20: <= 1.0x (no worse)",
                        median(j25.drainS) <= median(j17.drainS))));
        report.append(String.format("cold drain CPU: %.2f s, %.2fx the JDK 17 recipe's%s%n", median(j25.cpuS),
                median(j25.cpuS) / median(j17.cpuS), target(true, "issue 20: <= 1.0x (no worse)",
                        median(j25.cpuS) <= median(j17.cpuS))));
    }

    void table(StringBuilder report, Map<String, Figures> results) {
        Figures peer = line(results, "telegraf");
        for (Map.Entry<String, Figures> e : results.entrySet()) {
            Figures f = e.getValue();
            // issue 11's targets, judged for the service's lines; telegraf's and the framework floor's carry none
            boolean judged = f != peer && !e.getKey().startsWith("Quarkus without the bot");
            boolean compared = judged && peer != null;
            report.append(String.format("%n-- %s%n", e.getKey()));
            report.append(String.format("start -> first getUpdates: median %.0f ms (runs: %s)%s%s%n", median(f.startupMs),
                    list(f.startupMs, "%.0f"), ratio(compared ? median(f.startupMs) / median(peer.startupMs) : null),
                    target(judged, "issue 11: <= 700 ms", median(f.startupMs) <= 700)));
            report.append(String.format("  CPU time of the process by then: median %.2f s (runs: %s)%n",
                    median(f.startupCpuS), list(f.startupCpuS, "%.2f")));
            report.append(String.format("idle resident memory 3 s after the first getUpdates: median %.0f MiB%s%n",
                    median(f.idleRss), ratio(compared ? median(f.idleRss) / median(peer.idleRss) : null)));
            if (f.drainS.isEmpty() && f.rps.isEmpty()) {
                continue;
            }
            report.append(String.format("cold drain, start -> %,dth reply: median %.2f s (runs: %s)%s%s%n", updates,
                    median(f.drainS), list(f.drainS, "%.2f"), ratio(compared ? median(f.drainS) / median(peer.drainS)
                            : null), target(compared, "issue 11: <= 1.5x",
                            compared && median(f.drainS) / median(peer.drainS) <= 1.5)));
            report.append(String.format("  CPU time of the process: median %.2f s (runs: %s)%s%s%n", median(f.cpuS),
                    list(f.cpuS, "%.2f"), ratio(compared ? median(f.cpuS) / median(peer.cpuS) : null),
                    target(compared, "issue 11: <= 1.5x",
                            compared && median(f.cpuS) / median(peer.cpuS) <= 1.5)));
            report.append(String.format("  resident memory after the drain: median %.0f MiB (runs: %s)%s%s%n",
                    median(f.rss), list(f.rss, "%.0f"), ratio(compared ? median(f.rss) / median(peer.rss) : null),
                    target(judged, "issue 11: <= 150 MiB", median(f.rss) <= 150)));
            report.append(String.format("  replies: %s%n", f.order.isEmpty() ? "each update answered once, in per-chat"
                    + " order" : f.order));
            if (f.rps.isEmpty()) {
                report.append(String.format("webhook: not measured (%s)%n", SoakBenchmark.wrkInstalled()
                        ? "bench.webhooks=0" : "wrk is not installed: apt-get install wrk"));
            } else {
                report.append(String.format("webhook, no-op handler, wrk -t2 -c32 10 s: median %,.0f req/s "
                        + "(runs: %s)%s%n", median(f.rps), list(f.rps, "%.0f"),
                        ratio(compared ? median(f.rps) / median(peer.rps) : null)));
                report.append(String.format("  p50 median %.2f ms, p99 median %.2f ms (runs: %s)%s%s%s%n",
                        median(f.p50Ms), median(f.p99Ms), list(f.p99Ms, "%.2f"),
                        f.non2xx > 0 ? " (" + f.non2xx + " non-2xx!)" : "",
                        ratio(compared ? median(f.p99Ms) / median(peer.p99Ms) : null), target(compared,
                                "issue 11: p99 <= 2x and more req/s", compared
                                        && median(f.p99Ms) / median(peer.p99Ms) <= 2
                                        && median(f.rps) > median(peer.rps))));
            }
        }
        Figures j17 = line(results, JDK17);
        Figures j25 = line(results, JDK25);
        if (j17 != null && j25 != null && !j25.startupMs.isEmpty() && !j17.startupMs.isEmpty()) {
            jdk25Targets(report, j25, j17, peer);
            floor25(report, j25, results);
        }
    }

    /**
     * What Quarkus alone takes on JDK 25 in the same run ({@code -Dbench.floor=true}): each floor application's median
     * start, and the service's start above the last of them (the service's extensions with their settings), which is
     * the bot's own share.
     */
    static void floor25(StringBuilder report, Figures j25, Map<String, Figures> results) {
        Figures last = null;
        for (FrameworkFloor.Variant v : FrameworkFloor.VARIANTS) {
            Figures f = line(results, v.name() + ", JDK 25");
            if (f == null || f.startupMs.isEmpty()) {
                return;
            }
            if (last == null) {
                report.append(String.format("under it, Quarkus without the bot on JDK 25 with its own AOT cache:%n"));
            }
            report.append(String.format("  %s: %.0f ms, CPU %.2f s%n", v.id(), median(f.startupMs),
                    median(f.startupCpuS)));
            last = f;
        }
        report.append(String.format("  the service above the last: +%.0f ms, CPU +%.2f s (the bot's own start)%n",
                median(j25.startupMs) - median(last.startupMs), median(j25.startupCpuS) - median(last.startupCpuS)));
    }

    /** @return the target and whether this run met it, for a judged line; else nothing */
    private static String target(boolean judged, String target, boolean met) {
        return judged ? String.format("  (target %s: %s)", target, met ? "met" : "NOT met") : "";
    }

    private static String ratio(Double r) {
        return r == null || r.isNaN() ? "" : String.format("  [%.2fx telegraf]", r);
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String list(List<Double> values, String format) {
        return String.join(", ", values.stream().map(v -> String.format(format, v)).toList());
    }

    /** @return wrk's latency ("1.23ms", "850.00us", "1.02s") in milliseconds */
    static double millis(String wrk) {
        try {
            if (wrk.endsWith("us")) {
                return Double.parseDouble(wrk.substring(0, wrk.length() - 2)) / 1000;
            }
            if (wrk.endsWith("ms")) {
                return Double.parseDouble(wrk.substring(0, wrk.length() - 2));
            }
            if (wrk.endsWith("s")) {
                return Double.parseDouble(wrk.substring(0, wrk.length() - 1)) * 1000;
            }
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** @return user + system CPU time of a process so far, in seconds (/proc/pid/stat, all its threads) */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) TICKS;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException | RuntimeException e) {
            return 100;
        }
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").start();
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
