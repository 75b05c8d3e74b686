package dev.tgbot.lifecycle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every time limit in the service's code is scheduled on {@link Timeouts}: Mutiny's default scheduler in Quarkus keeps
 * a cancelled task until it would have fired, which at thousands of updates per second exhausts the heap.
 */
class TimeLimitsTest {

    @Test
    void everyIfNoItemUsesTheTimeoutsScheduler() throws IOException {
        List<String> offenders = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).trim();
                    if (line.startsWith("*") || line.startsWith("//") || !line.contains(".ifNoItem()")) {
                        continue;
                    }
                    found++;
                    // the operator chain up to its end, over at most three lines
                    String chain = String.join("", lines.subList(i, Math.min(lines.size(), i + 3))).replaceAll("\\s+", "");
                    String timeLimit = chain.substring(chain.indexOf(".ifNoItem()"));
                    if (!timeLimit.matches("\\.ifNoItem\\(\\)\\.after\\([^;]*?\\)\\.on\\(Timeouts\\.scheduler\\(\\)\\).*")) {
                        offenders.add(file.getFileName() + ":" + (i + 1));
                    }
                }
            }
        }
        assertTrue(found >= 6, "the scan finds the service's time limits (found " + found + ")");
        assertTrue(offenders.isEmpty(), "time limits not on Timeouts.scheduler(): " + offenders);
    }
}
