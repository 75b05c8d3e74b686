package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The benchmark's floor of the service's extensions is read from the service's own pom.xml and settings. */
class FrameworkFloorTest {

    @Test
    void theServicesExtensionsAndSettingsComeFromItsOwnFiles() {
        FrameworkFloor.Variant v = FrameworkFloor.serviceExtensions();
        assertTrue(v.extensions().containsAll(List.of("quarkus-rest-jackson", "quarkus-smallrye-fault-tolerance",
                "quarkus-micrometer-registry-prometheus", "quarkus-reactive-pg-client", "quarkus-kubernetes-client")),
                "the service's extensions: " + v.extensions());
        for (String not : List.of("quarkus-rest", "quarkus-arc", "quarkus-junit", "quarkus-test-kubernetes-client")) {
            assertFalse(v.extensions().contains(not), not + " (the floor's base, or test scope): " + v.extensions());
        }
        assertTrue(v.properties().contains("quarkus.fault-tolerance.metrics.enabled=false\n"), v.properties());
        assertTrue(v.properties().contains("quarkus.micrometer.binder.jvm=false\n"), v.properties());
        assertTrue(v.properties().contains("quarkus.datasource.devservices.enabled=false\n"), v.properties());
        assertFalse(v.properties().contains("quarkus.package."), "the floor packages itself: " + v.properties());
        assertFalse(v.properties().contains("bot."), "no setting of the bot's own: " + v.properties());
        assertTrue(FrameworkFloor.VARIANTS.contains(v), "the benchmark starts it");
    }
}
