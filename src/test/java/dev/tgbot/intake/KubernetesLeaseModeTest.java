package dev.tgbot.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.lease.Leases;
import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;

/**
 * {@code bot.lock.kind=kubernetes} in the running service, against the Kubernetes mock server in CRUD mode: the
 * service takes the Lease before it polls, reports its role in {@code /q/health}, stops polling the moment another
 * holder owns the Lease, and polls again once the Lease is free.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
@WithKubernetesTestServer(crud = true)
@TestProfile(KubernetesLeaseModeTest.Profile.class)
class KubernetesLeaseModeTest {

    /** The Lease in namespace {@code bots}, 3 s. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.lock.kind", "kubernetes", "bot.lock.namespace", "bots",
                    "bot.lock.lease-duration", "3s");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    Leases leases;

    @Inject
    LongPollingReceiver receiver;

    Lease lease() {
        return server.getClient().leases().inNamespace("bots").withName("telegram-bot-123456").get();
    }

    @Test
    void holdsTheLeaseBeforeItPollsAndGivesWayToAnotherHolder() {
        BotApiEmulator emulator = EmulatorResource.emulator();
        Await.until("the Lease is held and polling runs", Duration.ofSeconds(20), receiver::polling);
        assertEquals(leases.identity(), lease().getSpec().getHolderIdentity());
        emulator.injectMessage(31, "under a lease");
        Await.until("the echo", Duration.ofSeconds(10), () -> !emulator.sent(31).isEmpty());
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.role", org.hamcrest.Matchers.equalTo("leader"))
                .body("checks[0].data.lease_holder", org.hamcrest.Matchers.equalTo(leases.identity()));

        // another holder writes itself into the Lease: this instance must stop polling at once
        KubernetesClient client = server.getClient();
        Await.until("the intruder's write", Duration.ofSeconds(5), () -> write(client, "intruder/7/other"));
        Await.until("polling stops", Duration.ofSeconds(3), () -> !receiver.polling());
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.role", org.hamcrest.Matchers.equalTo("standby"));
        int callsBefore = emulator.callCount("getUpdates");
        emulator.injectMessage(32, "while a standby");
        pause(1000);
        assertTrue(emulator.sent(32).isEmpty(), "a standby handles nothing");
        assertTrue(emulator.callCount("getUpdates") <= callsBefore + 1, "a standby does not poll");

        // the intruder lets go: this instance takes the Lease again and polls with a new epoch
        Await.until("the release", Duration.ofSeconds(5), () -> write(client, ""));
        Await.until("polling again", Duration.ofSeconds(10), receiver::polling);
        Await.until("the update that waited", Duration.ofSeconds(10), () -> !emulator.sent(32).isEmpty());
        assertEquals(leases.identity(), lease().getSpec().getHolderIdentity());
    }

    static boolean write(KubernetesClient client, String holder) {
        try {
            client.leases().inNamespace("bots").withName("telegram-bot-123456").edit(l -> {
                l.getSpec().setHolderIdentity(holder);
                l.getSpec().setRenewTime(ZonedDateTime.now());
                return l;
            });
            return true;
        } catch (KubernetesClientException conflict) {
            return false; // the holder renewed in between (409): read again
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
