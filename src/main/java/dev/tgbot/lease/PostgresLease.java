package dev.tgbot.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.tgbot.lifecycle.Timeouts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A lease row in PostgreSQL ({@code bot.lock.kind=postgresql}): one row per lease name in {@code bot.lock.table}
 * (created if missing) with holder, epoch, acquired_at, renewed_at and expires_at. Every step is one statement that
 * uses the database's clock ({@code now()}), so the hosts' clocks do not matter:
 * <ul>
 * <li>take: an upsert that succeeds only while the row is free or expired, and increments the fencing epoch;</li>
 * <li>renew: an update that succeeds only for this holder, this epoch, and an unexpired row;</li>
 * <li>release: expires the row at once (holder and epoch checked), so a standby takes it on its next try.</li>
 * </ul>
 * Unlike a session advisory lock, the row expires even when its holder's host hangs with the connection open.
 * Nothing blocks a thread: the queries run on the reactive pool, the loop is scheduled on the lease's own thread.
 */
final class PostgresLease implements SharedLease {

    private static final Logger LOG = Logger.getLogger(PostgresLease.class);

    private final Pool pool;
    private final String name;
    private final String identity;
    private final String table;
    private final Duration leaseDuration;
    private final Duration renewPeriod;
    private final Duration retryPeriod;
    private final Duration queryTimeout;
    private final ScheduledExecutorService executor;
    private final Tenure tenure;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean tableReady;
    private volatile LeaseStatus status;
    private String loggedHolder;
    private long lastProblemLog;

    /**
     * @param pool the default reactive datasource
     * @param table the table of lease rows ({@code bot.lock.table}, validated as a plain SQL name)
     * @param name the row's key
     * @param identity this instance's holder identity, unique per process
     * @param leaseDuration {@code bot.lock.lease-duration}
     * @param executor the lease's own single thread
     */
    PostgresLease(Pool pool, String table, String name, String identity, Duration leaseDuration,
            ScheduledExecutorService executor) {
        this.pool = pool;
        this.table = table;
        this.name = name;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.renewPeriod = leaseDuration.dividedBy(3);
        this.retryPeriod = Leases.retryPeriod(leaseDuration);
        this.queryTimeout = Leases.min(renewPeriod, Duration.ofSeconds(5));
        this.executor = executor;
        this.tenure = new Tenure(leaseDuration.multipliedBy(2).dividedBy(3), executor);
        this.status = new LeaseStatus("postgresql", name, "standby", null, null, 0);
    }

    @Override
    public void start(Listener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the lease is already started");
        }
        tenure.listener(listener);
        executor.execute(this::step);
    }

    private void step() {
        if (stopped) {
            return;
        }
        Uni<Duration> next;
        if (!tableReady) {
            next = createTable().chain(this::contend);
        } else if (tenure.epoch() != 0 && "leader".equals(status.role())) {
            next = renew();
        } else {
            next = contend();
        }
        next.onFailure().recoverWithItem(this::problem)
                .subscribe().with(delay -> {
                    if (!stopped) {
                        try {
                            executor.schedule(this::step, delay.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.RejectedExecutionException stopping) {
                            // the process is stopping
                        }
                    }
                });
    }

    private Uni<Duration> createTable() {
        return query("CREATE TABLE IF NOT EXISTS " + table + " (name text PRIMARY KEY, holder text NOT NULL, "
                + "epoch bigint NOT NULL, acquired_at timestamptz NOT NULL, renewed_at timestamptz NOT NULL, "
                + "expires_at timestamptz NOT NULL)", Tuple.tuple())
                .onFailure(e -> String.valueOf(e.getMessage()).contains("pg_type_typname_nsp_index"))
                .recoverWithItem(() -> null) // two instances created it at the same moment: it exists now
                .invoke(() -> {
                    tableReady = true;
                    LOG.debugf("Lease table %s is ready", table);
                }).replaceWith(Duration.ZERO);
    }

    /** Takes the row if free or expired; otherwise notes who holds it. */
    private Uni<Duration> contend() {
        long sent = System.nanoTime();
        return query("INSERT INTO " + table + " AS l (name, holder, epoch, acquired_at, renewed_at, expires_at) "
                + "VALUES ($1, $2, 1, now(), now(), now() + make_interval(secs => $3)) "
                + "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, epoch = l.epoch + 1, "
                + "acquired_at = now(), renewed_at = now(), expires_at = excluded.expires_at "
                + "WHERE l.expires_at <= now() RETURNING epoch, acquired_at",
                Tuple.of(name, identity, seconds(leaseDuration))).chain(rows -> {
                    if (rows.size() == 1) {
                        Row row = rows.iterator().next();
                        long epoch = row.getLong("epoch");
                        status = new LeaseStatus("postgresql", name, "leader", identity,
                                instant(row.getOffsetDateTime("acquired_at")), epoch);
                        loggedHolder = null;
                        LOG.infof("Took the PostgreSQL lease %s (epoch %d): this instance polls.", name, epoch);
                        tenure.renewed(sent, epoch);
                        return Uni.createFrom().item(renewPeriod);
                    }
                    return observe().replaceWith(retryPeriod);
                });
    }

    private Uni<Void> observe() {
        return query("SELECT holder, epoch, acquired_at, expires_at > now() AS live FROM " + table
                + " WHERE name = $1", Tuple.of(name)).invoke(rows -> {
                    if (rows.size() == 0) {
                        return;
                    }
                    Row row = rows.iterator().next();
                    boolean live = Boolean.TRUE.equals(row.getBoolean("live"));
                    String holder = live ? row.getString("holder") : null;
                    Instant since = instant(row.getOffsetDateTime("acquired_at"));
                    status = new LeaseStatus("postgresql", name, "standby", holder, live ? since : null,
                            row.getLong("epoch"));
                    if (holder != null && !Objects.equals(holder, loggedHolder)) {
                        loggedHolder = holder;
                        LOG.infof("Standby: the PostgreSQL lease %s is held by %s since %s (epoch %d); this "
                                + "instance does not poll and takes over when the holder stops.", name,
                                Leases.describe(holder), since, row.getLong("epoch"));
                    }
                }).replaceWithVoid();
    }

    private Uni<Duration> renew() {
        long sent = System.nanoTime();
        long epoch = tenure.epoch();
        return query("UPDATE " + table + " SET renewed_at = now(), expires_at = now() + make_interval(secs => $3) "
                + "WHERE name = $1 AND holder = $2 AND epoch = $4 AND expires_at > now() RETURNING epoch",
                Tuple.of(name, identity, seconds(leaseDuration), epoch)).map(rows -> {
                    if (rows.size() == 1) {
                        tenure.renewed(sent, epoch);
                        return renewPeriod;
                    }
                    LOG.warnf("Lost the PostgreSQL lease %s (epoch %d): it expired or another instance took it. "
                            + "Polling stops; this instance is a standby now.", name, epoch);
                    status = new LeaseStatus("postgresql", name, "standby", null, null, epoch);
                    tenure.lost("the lease expired or was taken by another instance");
                    return Duration.ZERO;
                });
    }

    /** A query failed (database unreachable, ...): log at most every 10 s, try again soon. */
    private Duration problem(Throwable failure) {
        long now = System.nanoTime();
        if (lastProblemLog == 0 || now - lastProblemLog > 10_000_000_000L) {
            lastProblemLog = now;
            LOG.warnf("PostgreSQL lease %s: %s (%s). %s", name, failure.getClass().getSimpleName(),
                    failure.getMessage(), "leader".equals(status.role())
                            ? "Polling stops if the lease is not renewed within "
                                    + leaseDuration.multipliedBy(2).dividedBy(3).toMillis() + " ms of the last renewal."
                            : "Retrying; this instance does not poll meanwhile.");
        }
        return retryPeriod;
    }

    private Uni<RowSet<Row>> query(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).ifNoItem().after(queryTimeout).on(Timeouts.scheduler())
                .failWith(() -> new java.util.concurrent.TimeoutException("no answer from PostgreSQL within "
                        + queryTimeout.toMillis() + " ms"));
    }

    @Override
    public void release() {
        stopped = true;
        long epoch = tenure.epoch();
        boolean wasLeader = "leader".equals(status.role());
        tenure.lost("released");
        status = new LeaseStatus("postgresql", name, "stopped", null, null, epoch);
        if (!wasLeader || epoch == 0) {
            return;
        }
        try {
            RowSet<Row> rows = query("UPDATE " + table + " SET expires_at = now() WHERE name = $1 AND holder = $2 "
                    + "AND epoch = $3 RETURNING epoch", Tuple.of(name, identity, epoch))
                    .await().atMost(queryTimeout.plusSeconds(1));
            if (rows.size() == 1) {
                LOG.infof("Released the PostgreSQL lease %s (epoch %d): a standby takes over now.", name, epoch);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not release the PostgreSQL lease %s (%s): a standby takes over when it expires, within "
                    + "%d s.", name, e.getMessage(), leaseDuration.toSeconds());
        }
    }

    @Override
    public LeaseStatus status() {
        LeaseStatus s = status;
        if (s.leader() && !tenure.held()) {
            return new LeaseStatus(s.kind(), s.name(), "standby", s.holder(), s.since(), s.epoch());
        }
        return s;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
