package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;
import dev.tgbot.support.FreePort;

/**
 * The token never shows in metrics or health output, even when the emulator serves /bot<token>/ paths; the bot's
 * own metrics are there.
 */
class SecrecyIT {

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    String get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void metricsAndHealthNeverShowTheToken() throws Exception {
        int port = FreePort.find();
        Path lockDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-locks-");
        try (ServiceProcess service = ServiceProcess.start("http://127.0.0.1:1", lockDir,
                Map.of("bot.emulator.enabled", "true", "quarkus.http.port", String.valueOf(port)))) {
            service.awaitOutput("Long polling started", Duration.ofSeconds(30));
            HttpResponse<String> injected = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/emulator/messages"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"chat_id\":5,\"text\":\"psst\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, injected.statusCode());
            Await.until("the echo", Duration.ofSeconds(10), () -> {
                try {
                    return get(port, "/emulator/sent?chat_id=5").contains("psst");
                } catch (Exception e) {
                    return false;
                }
            });
            String secret = ServiceProcess.TOKEN.substring(ServiceProcess.TOKEN.indexOf(':') + 1);
            String metrics = get(port, "/q/metrics");
            assertTrue(metrics.contains("http_server_requests_seconds"), "metrics are there");
            assertTrue(metrics.contains("telegram_updates_handled_total 1.0"), "the bot's own metrics count: " + metrics);
            assertFalse(metrics.contains(secret), "no token in metrics");
            HttpResponse<String> healthResponse = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + port + "/q/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
            String health = healthResponse.body();
            assertTrue(health.contains("telegram-bot"), "/q/health answered " + healthResponse.statusCode() + " '"
                    + health + "' " + healthResponse.headers().map() + "; service output:\n" + service.output());
            assertFalse(health.contains(secret), "no token in health output");
        }
    }
}
