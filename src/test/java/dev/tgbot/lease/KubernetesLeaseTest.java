package dev.tgbot.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/**
 * The Kubernetes lease through fabric8's LeaderElector against the mock API server in CRUD mode, which enforces
 * resourceVersion conflicts on Lease updates: two and three electors, release on cancel, takeover after expiry, a
 * lost Lease stops polling.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesLeaseTest {

    static final Duration LEASE = Duration.ofSeconds(3);
    static KubernetesClient client;

    String name;
    final List<KubernetesLease> leases = new ArrayList<>();
    final List<ScheduledThreadPoolExecutor> executors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        name = "telegram-bot-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        leases.forEach(KubernetesLease::release);
        executors.forEach(ScheduledThreadPoolExecutor::shutdownNow);
    }

    KubernetesLease lease(String who, LeaseRecorder recorder) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executors.add(executor);
        KubernetesLease lease = new KubernetesLease(client, Optional.of("bots"), name, who + "/1/abc", LEASE,
                executor);
        leases.add(lease);
        lease.start(recorder);
        return lease;
    }

    Lease stored() {
        return client.leases().inNamespace("bots").withName(name).get();
    }

    @Test
    void threeElectorsOneHolderAndAReleaseOnCancelHandsOverAtOnce() {
        LeaseRecorder a = new LeaseRecorder("a");
        LeaseRecorder b = new LeaseRecorder("b");
        LeaseRecorder c = new LeaseRecorder("c");
        KubernetesLease first = lease("a", a);
        Await.until("a holds", Duration.ofSeconds(10), a::holds);
        lease("b", b);
        KubernetesLease third = lease("c", c);
        Await.until("c sees a as holder", Duration.ofSeconds(5), () -> "a/1/abc".equals(third.status().holder()));
        PostgresLeaseTest.sleep(LEASE.toMillis());
        assertEquals(0, b.count("acquired") + c.count("acquired"), "standbys never hold while a renews");
        assertEquals("a/1/abc", stored().getSpec().getHolderIdentity());

        long released = System.nanoTime();
        first.release();
        assertEquals("", stored().getSpec().getHolderIdentity(), "released on cancel, before release() returns");
        Await.until("b or c holds", Duration.ofSeconds(5), () -> b.holds() || c.holds());
        LeaseRecorder next = b.holds() ? b : c;
        long handover = (next.last("acquired").nanos() - released) / 1_000_000;
        // retry period 500 ms with fabric8's jitter (up to 1.1 s); the margin is for a loaded CI machine
        assertTrue(handover < 3000, "a standby takes a released Lease within about a second: " + handover + " ms");
        assertEquals(a.last("acquired").epoch() + 1, next.last("acquired").epoch(), "leaseTransitions counts holders");
        PostgresLeaseTest.sleep(LEASE.toMillis() + 500);
        assertFalse(b.holds() && c.holds(), "never two holders: " + b + " " + c);
        assertEquals(1, b.count("acquired") + c.count("acquired"), "the new holder keeps it: " + b + " " + c);
    }

    @Test
    void aCrashedHolderIsReplacedAfterTheLeaseDuration() {
        LeaseRecorder a = new LeaseRecorder("a");
        LeaseRecorder b = new LeaseRecorder("b");
        KubernetesLease first = lease("a", a);
        Await.until("a holds", Duration.ofSeconds(10), a::holds);
        lease("b", b);
        PostgresLeaseTest.sleep(300);
        long crash = System.nanoTime();
        first.halt();
        Await.until("b holds", LEASE.plusSeconds(3), b::holds);
        long takeover = (b.last("acquired").nanos() - crash) / 1_000_000;
        assertTrue(takeover <= LEASE.toMillis() + 1000, "takeover within the lease duration plus a second: "
                + takeover + " ms");
        assertTrue(a.count("lost") >= 1, "the halted holder's own watchdog stopped its polling: " + a);
        assertTrue(a.last("lost").nanos() < b.last("acquired").nanos(), "before the next holder started");
    }

    @Test
    void aLeaseTakenByAnotherStopsPollingAtOnce() {
        LeaseRecorder a = new LeaseRecorder("a");
        KubernetesLease holder = lease("a", a);
        Await.until("a holds", Duration.ofSeconds(10), a::holds);
        // another actor writes itself into the Lease (an operator, or a holder with a skewed clock)
        // (the mock server answers 409 when the holder renewed in between: read again and retry, as a controller would)
        Await.until("the intruder's write", Duration.ofSeconds(5), () -> {
            try {
                client.leases().inNamespace("bots").withName(name).edit(l -> {
                    l.getSpec().setHolderIdentity("intruder/9/xyz");
                    l.getSpec().setRenewTime(ZonedDateTime.now());
                    return l;
                });
                return true;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException conflict) {
                assertEquals(409, conflict.getCode());
                return false;
            }
        });
        Await.until("a stops", Duration.ofSeconds(2), () -> !a.holds());
        Await.until("a reports a standby role", Duration.ofSeconds(2),
                () -> "standby".equals(holder.status().role()));
        assertNotNull(holder.status().holder());
    }
}
