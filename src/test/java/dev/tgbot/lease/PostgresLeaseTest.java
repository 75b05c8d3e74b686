package dev.tgbot.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;
import dev.tgbot.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/** The PostgreSQL lease against a real server: one holder, handover, expiry, a holder cut off from the database. */
class PostgresLeaseTest {

    static final Duration LEASE = Duration.ofSeconds(3);

    Vertx vertx;
    String name;
    final List<SharedLease> leases = new ArrayList<>();
    final List<ScheduledThreadPoolExecutor> executors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        name = "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() {
        leases.forEach(SharedLease::release);
        executors.forEach(ScheduledThreadPoolExecutor::shutdownNow);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    Pool pool(int port) {
        PgConnectOptions connect = new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase("postgres")
                .setUser("postgres").setConnectTimeout(1000);
        return Pool.newInstance(PgBuilder.pool().connectingTo(connect).with(new PoolOptions().setMaxSize(2))
                .using(vertx).build());
    }

    PostgresLease lease(String who, int port, LeaseRecorder recorder) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executors.add(executor);
        PostgresLease lease = new PostgresLease(pool(port), "telegram_bot_lease", name, who + "/1/abc", LEASE,
                executor);
        leases.add(lease);
        lease.start(recorder);
        return lease;
    }

    @Test
    void oneHolderAtATimeAndAReleaseHandsOverAtOnce() {
        LeaseRecorder a = new LeaseRecorder("a");
        LeaseRecorder b = new LeaseRecorder("b");
        LeaseRecorder c = new LeaseRecorder("c");
        PostgresLease first = lease("a", TestPostgres.port(), a);
        Await.until("a holds", Duration.ofSeconds(10), a::holds);
        lease("b", TestPostgres.port(), b);
        PostgresLease third = lease("c", TestPostgres.port(), c);
        Await.until("c sees a as holder", Duration.ofSeconds(5), () -> "a/1/abc".equals(third.status().holder()));
        assertEquals("standby", third.status().role());
        assertEquals(0, b.count("acquired") + c.count("acquired"), "standbys never hold while a renews");

        long released = System.nanoTime();
        first.release();
        Await.until("b or c holds", Duration.ofSeconds(5), () -> b.holds() || c.holds());
        LeaseRecorder next = b.holds() ? b : c;
        long handover = (next.last("acquired").nanos() - released) / 1_000_000;
        // retry period 500 ms; the margin is for a loaded CI machine
        assertTrue(handover < 3000, "a standby takes a released lease within about a second: " + handover + " ms");
        assertEquals(a.last("acquired").epoch() + 1, next.last("acquired").epoch(), "the epoch counts holders");
        sleep(LEASE.toMillis() + 500);
        assertFalse(b.holds() && c.holds(), "never two holders: " + b + " " + c);
        assertEquals(1, b.count("acquired") + c.count("acquired"), "the new holder keeps it: " + b + " " + c);
    }

    @Test
    void aHolderThatStopsRenewingIsReplacedAfterTheLeaseDuration() {
        LeaseRecorder a = new LeaseRecorder("a");
        LeaseRecorder b = new LeaseRecorder("b");
        lease("a", TestPostgres.port(), a);
        Await.until("a holds", Duration.ofSeconds(10), a::holds);
        lease("b", TestPostgres.port(), b);
        sleep(300);
        long crash = System.nanoTime();
        executors.get(0).shutdownNow(); // a crashes: no renewal, no release
        Await.until("b holds", LEASE.plusSeconds(3), b::holds);
        long takeover = (b.last("acquired").nanos() - crash) / 1_000_000;
        assertTrue(takeover <= LEASE.toMillis() + 1000, "takeover within the lease duration plus a second: "
                + takeover + " ms");
    }

    @Test
    void aHolderCutOffFromTheDatabaseStopsBeforeAnotherCanTakeOver() throws Exception {
        Proxy proxy = new Proxy(vertx, TestPostgres.port());
        LeaseRecorder a = new LeaseRecorder("a");
        LeaseRecorder b = new LeaseRecorder("b");
        PostgresLease cutOff = lease("a", proxy.port, a);
        Await.until("a holds", Duration.ofSeconds(10), a::holds);
        lease("b", TestPostgres.port(), b);
        sleep(500);
        proxy.cut();
        Await.until("a stops", LEASE, () -> !a.holds());
        Await.until("b holds", LEASE.plusSeconds(3), b::holds);
        long aStopped = a.last("lost").nanos();
        long bStarted = b.last("acquired").nanos();
        assertTrue(aStopped < bStarted, "the cut-off holder stopped before the next one started");
        assertTrue((bStarted - aStopped) / 1_000_000 >= LEASE.toMillis() / 4, "with a margin: "
                + (bStarted - aStopped) / 1_000_000 + " ms");
        assertNotNull(cutOff.status());
        assertEquals("standby", cutOff.status().role());
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP proxy to PostgreSQL that can be cut: open connections closed, new ones refused. */
    static final class Proxy {
        final int port;
        final NetServer server;
        final List<NetSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        Proxy(Vertx vertx, int target) throws Exception {
            var client = vertx.createNetClient();
            server = vertx.createNetServer().connectHandler(in -> {
                in.pause();
                client.connect(target, "127.0.0.1").onSuccess(out -> {
                    sockets.add(in);
                    sockets.add(out);
                    in.handler(out::write);
                    out.handler(in::write);
                    in.closeHandler(v -> out.close());
                    out.closeHandler(v -> in.close());
                    in.resume();
                }).onFailure(e -> in.close());
            });
            port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
        }

        void cut() throws Exception {
            server.close().toCompletionStage().toCompletableFuture().get();
            sockets.forEach(NetSocket::close);
        }
    }
}
