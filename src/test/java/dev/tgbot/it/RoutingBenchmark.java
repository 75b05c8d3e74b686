package dev.tgbot.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What routing costs ({@code mvn -Pbenchmark verify -Dit.test=RoutingBenchmark}), not part of the tests: the echo
 * drain with {@link dev.tgbot.handler.ExampleBot}'s {@code @Content(TEXT)} route against the same echo written as a
 * plain {@code UpdateHandler} ({@link dev.tgbot.handler.EchoBot}), cold and warm, in one run ({@link DrainComparison}).
 * Prints medians and the ratio routes / UpdateHandler (target: at most 1.05) to {@code target/routing-benchmark.txt}.
 */
class RoutingBenchmark {

    static final String ROUTES = "routes (ExampleBot @Content(TEXT))";
    static final String PLAIN = "UpdateHandler (EchoBot)";

    @Test
    void run() throws Exception {
        DrainComparison drains = new DrainComparison();
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put(ROUTES, Map.of("bot.handler", "dev.tgbot.handler.ExampleBot"));
        variants.put(PLAIN, Map.of("bot.handler", "dev.tgbot.handler.EchoBot"));
        StringBuilder report = new StringBuilder(drains.header("routing benchmark"));
        Map<String, DrainComparison.Figures> figures = drains.run(variants);
        figures.forEach((v, f) -> report.append(String.format("%s:%n  cold drain CPU median %.2f s, wall %.2f s%n"
                + "  warm drain CPU median %.2f s, wall %.2f s%n  (%s)%n", v, f.coldCpu(), f.coldWall(), f.warmCpu(),
                f.warmWall(), f.runs())));
        double cold = figures.get(ROUTES).coldCpu() / figures.get(PLAIN).coldCpu();
        double warm = figures.get(ROUTES).warmCpu() / figures.get(PLAIN).warmCpu();
        report.append(String.format("routes / UpdateHandler CPU: cold %.3fx, warm %.3fx (target <= 1.05x: %s)%n",
                cold, warm, cold <= 1.05 && warm <= 1.05 ? "met" : "NOT met"));
        System.out.println(report);
        Files.writeString(Path.of("target", "routing-benchmark.txt"), report.toString());
    }
}
