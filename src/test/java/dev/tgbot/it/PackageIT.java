package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The packaged jar carries no {@code application.properties} (it would cost every start a pass over the whole jar),
 * and what that file sets still applies, because Quarkus recorded it at build time: the token taken from
 * {@code TELEGRAM_BOT_TOKEN} through {@code bot.token=${TELEGRAM_BOT_TOKEN:}}, and the console log format.
 */
class PackageIT {

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    /** {@code quarkus.log.console.format=%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n}; Quarkus' own default differs. */
    static final Pattern PROJECT_LOG_FORMAT = Pattern.compile(
            "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[de\\.tg\\.in\\.LongPollingReceiver\\] Long polling started");

    @Test
    void theJarHasNoApplicationPropertiesAndItsValuesApply() throws Exception {
        try (JarFile jar = new JarFile(ServiceProcess.JAR.toFile())) {
            assertNull(jar.getEntry("application.properties"), "application.properties is left out of the jar");
            assertTrue(jar.getEntry("dev/tgbot/intake/ModeGuard.class") != null, "the application is in it");
        }
        // The emulator knows only ServiceProcess.TOKEN: without it the service would exit at startup (no bot.token).
        try (ServiceProcess service = ServiceProcess.start(env.emulator.url(), env.lockDir, Map.of(),
                List.of("-Xmx256m"), true)) {
            service.awaitOutput("Long polling started", Duration.ofSeconds(60));
            String out = service.output();
            assertTrue(out.contains("Bot API accepted the token"), "the token came from TELEGRAM_BOT_TOKEN:\n" + out);
            assertTrue(PROJECT_LOG_FORMAT.matcher(out).find(), "the project's log format applies:\n" + out);
        }
    }

    /**
     * {@code target/kubernetes/kubernetes.yml} applies on a plain cluster: no {@code monitoring.coreos.com} resource
     * (a cluster without the Prometheus Operator rejects it), the image pulled again on every start (the default tag
     * is a SNAPSHOT that a rebuild reuses), the HTTP port the service listens on in the image.
     */
    @Test
    void theKubernetesManifestAppliesOnAPlainCluster() throws Exception {
        String manifest = Files.readString(Path.of("target/kubernetes/kubernetes.yml"));
        assertFalse(manifest.contains("monitoring.coreos.com"), "no ServiceMonitor:\n" + manifest);
        assertFalse(manifest.contains("kind: ServiceMonitor"), "no ServiceMonitor:\n" + manifest);
        assertTrue(manifest.contains("imagePullPolicy: Always"), "pull policy Always:\n" + manifest);
        assertTrue(manifest.contains("image: docker.io/tgbot/telegram-bot-service:"), "the documented image:\n" + manifest);
        assertTrue(manifest.contains("containerPort: 8080"), "the image's port:\n" + manifest);
        assertTrue(manifest.contains("kind: Lease") || manifest.contains("leases"), "the lease's Role:\n" + manifest);
    }
}
