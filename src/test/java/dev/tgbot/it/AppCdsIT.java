package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;
import dev.tgbot.support.FreePort;

/**
 * README's class-archive recipes work on the packaged jar: {@code docker/app-cds.sh} writes an AppCDS archive (JDK 17)
 * or an AOT cache (JDK 25, when that JDK is on the machine) from a training run against the service's own emulator,
 * and a service started with it ({@code -Xshare:on}, {@code -XX:AOTMode=on}: a JVM that cannot map it exits instead
 * of starting without it) loads the application's own classes, Quarkus' and the Bot API library's from the archive
 * rather than from the jar, and answers.
 */
class AppCdsIT {

    static final Pattern SHARED = Pattern.compile("source: shared objects file");
    static final Pattern FROM_JAR = Pattern.compile("source: (jar:)?file:");

    @Test
    void theAppCdsArchiveIsMadeAndUsed() throws Exception {
        Path archive = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-app-cds-")
                .resolve("app-cds.jsa");
        String made = ServiceProcess.makeAppCds(archive, 300);
        assertTrue(Files.size(archive) > 1_000_000, "an archive of some size: " + made);
        madeAndUsed(List.of("-Xmx256m", "-Xshare:on", "-XX:SharedArchiveFile=" + archive), "AppCDS");
    }

    @Test
    void theJdk25AotCacheIsMadeAndUsed() throws Exception {
        Path java = ServiceProcess.jdk25();
        Assumptions.assumeTrue(java != null, "no JDK 25 on this machine");
        Path cache = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-aot-").resolve("app.aot");
        List<String> jvm = new ArrayList<>(ServiceProcess.PRODUCTION_JVM_25);
        String made = ServiceProcess.makeAppCds(java, jvm, cache, 300);
        assertTrue(Files.size(cache) > 1_000_000, "a cache of some size: " + made);
        jvm.add(0, "java=" + java);
        jvm.add("-XX:AOTMode=on");
        jvm.add("-XX:AOTCache=" + cache);
        madeAndUsed(jvm, "JDK 25 AOT cache");
    }

    /** Starts the service with {@code jvm} and a class-loading log; checks it answers and what came from the archive. */
    static void madeAndUsed(List<String> jvm, String what) throws Exception {
        int port = FreePort.find();
        Path lockDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-locks-");
        List<String> options = new ArrayList<>(jvm);
        options.add("-Xlog:class+load=info");
        try (ServiceProcess service = ServiceProcess.start("http://127.0.0.1:1", lockDir,
                Map.of("bot.emulator.enabled", "true", "quarkus.http.port", String.valueOf(port)), options)) {
            service.awaitOutput("Long polling started", Duration.ofSeconds(60));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> injected = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/emulator/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"chat_id\":7,\"text\":\"cds\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, injected.statusCode());
            Await.until("the echo", Duration.ofSeconds(20), () -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/emulator/sent?chat_id=7")).GET().build(), HttpResponse.BodyHandlers.ofString())
                            .body().contains("cds");
                } catch (Exception e) {
                    return false;
                }
            });
            String out = service.output();
            for (String cls : List.of("dev.tgbot.intake.LongPollingReceiver", "io.quarkus.runner.ApplicationImpl",
                    "org.telegram.telegrambots.meta.api.objects.Update", "io.vertx.core.http.impl.HttpClientImpl")) {
                assertTrue(out.contains(cls + " source: shared objects file"),
                        cls + " comes from the archive; class loading:\n" + lines(out, cls));
            }
            long shared = count(SHARED, out);
            long fromJar = count(FROM_JAR, out);
            System.out.printf("AppCdsIT (%s): %,d classes from the archive, %,d from jars or directories%n", what,
                    shared, fromJar);
            assertTrue(shared > 5 * fromJar, "most classes come from the archive: " + shared + " vs " + fromJar);
        }
    }

    static long count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static String lines(String out, String cls) {
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.contains(cls) || line.contains("cds") || line.contains("CDS") || line.contains("shared")) {
                b.append(line).append('\n');
                if (b.length() > 4000) {
                    break;
                }
            }
        }
        return b.toString();
    }
}
