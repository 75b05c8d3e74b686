package dev.tgbot.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a running JVM on this machine holds, read with the JDK's {@code jcmd GC.class_histogram}, which counts the live
 * objects during a full GC: instances and bytes per class, and all live bytes.
 */
final class HeapHistogram {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)", Pattern.MULTILINE);

    private HeapHistogram() {
    }

    /** @return live instances per class name, after a full GC */
    static Map<String, Long> liveInstances(long pid) {
        return column(pid, 1);
    }

    /** @return live bytes per class name, after a full GC */
    static Map<String, Long> liveBytes(long pid) {
        return column(pid, 2);
    }

    /** @return bytes of all live objects in KiB, from {@link #liveBytes(long)} */
    static long totalKiB(Map<String, Long> liveBytes) {
        return liveBytes.values().stream().mapToLong(Long::longValue).sum() / 1024;
    }

    /** @return the {@code limit} classes whose live bytes grew most from {@code before} to {@code after} */
    static String grownMost(Map<String, Long> before, Map<String, Long> after, int limit) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long> comparingByValue().reversed()).limit(limit)
                .map(e -> String.format("%s %+,d B", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static Map<String, Long> column(long pid, int group) {
        Map<String, Long> counts = new HashMap<>();
        Matcher m = ROW.matcher(jcmd(pid, "GC.class_histogram"));
        while (m.find()) {
            counts.merge(m.group(3), Long.parseLong(m.group(group)), Long::sum);
        }
        return counts;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("jcmd " + command + " did not finish within 60 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
