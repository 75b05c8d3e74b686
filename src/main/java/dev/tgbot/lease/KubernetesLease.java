package dev.tgbot.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

/**
 * A {@code coordination.k8s.io/v1} Lease ({@code bot.lock.kind=kubernetes}) through fabric8's {@link LeaderElector}
 * with a {@link LeaseLock}: lease duration {@code bot.lock.lease-duration}, renew deadline two thirds of it, retry
 * period a twentieth (200 ms..1 s), release on cancel. The Lease's {@code leaseTransitions} is the fencing epoch.
 * <p>
 * What the elector does not give, this class adds:
 * <ul>
 * <li>its callbacks run inside its renew loop: they only pass the news to the lease's own thread;</li>
 * <li>its renew deadline counts from the end of the last renewal, and is checked only between attempts: the
 * tenure here counts from the moment the renewal's read was sent, and a watchdog stops polling on time even while
 * a renewal call hangs;</li>
 * <li>an elector cannot be started again once it has lost: a new one is built to go on contending as a standby.</li>
 * </ul>
 */
final class KubernetesLease implements SharedLease {

    private static final Logger LOG = Logger.getLogger(KubernetesLease.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration retryPeriod;
    private final ScheduledExecutorService executor;
    private final ExecutorService electorThreads;
    private final Tenure tenure;
    private volatile boolean stopped;
    private volatile CompletableFuture<?> election;
    private volatile LeaseStatus status;
    private String loggedHolder;
    private volatile long lastProblemLog;

    /**
     * @param client the Quarkus-managed Kubernetes client
     * @param namespace {@code bot.lock.namespace}; unset: the client's namespace (the pod's own)
     * @param name the Lease's name
     * @param identity this instance's holder identity, unique per process
     * @param leaseDuration {@code bot.lock.lease-duration}
     * @param executor the lease's own single thread
     */
    KubernetesLease(KubernetesClient client, Optional<String> namespace, String name, String identity,
            Duration leaseDuration, ScheduledExecutorService executor) {
        this.client = client;
        this.namespace = namespace.orElseGet(() -> Optional.ofNullable(client.getNamespace()).orElse("default"));
        this.name = name;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.retryPeriod = Leases.retryPeriod(leaseDuration);
        this.executor = executor;
        this.electorThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bot-lease-elector");
            t.setDaemon(true);
            return t;
        });
        this.tenure = new Tenure(renewDeadline(leaseDuration), executor);
        this.status = new LeaseStatus("kubernetes", name, "standby", null, null, 0);
    }

    static Duration renewDeadline(Duration leaseDuration) {
        return leaseDuration.multipliedBy(2).dividedBy(3);
    }

    @Override
    public void start(Listener listener) {
        tenure.listener(listener);
        executor.execute(this::elect);
    }

    private void elect() {
        if (stopped) {
            return;
        }
        LeaderElectionConfig config = new LeaderElectionConfigBuilder().withName(name)
                .withLock(new TimedLock(new LeaseLock(namespace, name, identity)))
                .withLeaseDuration(leaseDuration).withRenewDeadline(renewDeadline(leaseDuration))
                .withRetryPeriod(retryPeriod).withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(() -> {
                    // the acquisition itself is seen by TimedLock, with its send time
                }, () -> later(() -> {
                    if (!stopped) {
                        LOG.warnf("Lost the Kubernetes Lease %s/%s: polling stops; this instance is a standby now.",
                                namespace, name);
                    }
                    tenure.lost("the Lease was lost");
                }), holder -> later(() -> newHolder(holder)))).build();
        CompletableFuture<?> running = new LeaderElector(client, config, electorThreads).start();
        election = running;
        running.whenComplete((ok, failure) -> {
            tenure.lost("the elector stopped");
            if (!stopped) {
                // an elector that has lost cannot be started again: contend with a new one
                try {
                    executor.schedule(this::elect, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    // the process is stopping
                }
            }
        });
    }

    /**
     * A failed call to the API server: one WARN at most every 10 s, in words (fabric8's own WARN with a stack trace
     * for every retry is turned down in application.properties). A 409 is a lost race for the Lease, not a problem.
     */
    private KubernetesClientException problem(KubernetesClientException e) {
        long now = System.nanoTime();
        if (e.getCode() != 409 && (lastProblemLog == 0 || now - lastProblemLog > 10_000_000_000L)) {
            lastProblemLog = now;
            LOG.warnf("Kubernetes Lease %s/%s: %s%s. %s", namespace, name, e.getCode() == 0 ? "" : e.getCode() + " ",
                    e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                            : e.getMessage(),
                    e.getCode() == 403 ? " (the pod's service account needs get, create, patch and update on "
                            + "leases.coordination.k8s.io; the generated manifests include that Role)" : "",
                    tenure.held() ? "Polling stops if the Lease is not renewed within "
                            + renewDeadline(leaseDuration).toMillis() + " ms of the last renewal."
                            : "Retrying; this instance does not poll meanwhile.");
        }
        return e;
    }

    /** Passes news from the elector's renew loop to the lease's own thread, never blocking the loop. */
    private void later(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException stopping) {
            // the process is stopping
        }
    }

    private void newHolder(String holder) {
        boolean self = identity.equals(holder);
        String shown = holder == null || holder.isEmpty() ? null : holder;
        LeaseStatus old = status;
        status = new LeaseStatus("kubernetes", name, self ? "leader" : (stopped ? "stopped" : "standby"), shown,
                Objects.equals(old.holder(), shown) ? old.since() : Instant.now(), old.epoch());
        if (!self && shown != null && !shown.equals(loggedHolder) && !stopped) {
            loggedHolder = shown;
            LOG.infof("Standby: the Kubernetes Lease %s/%s is held by %s; this instance does not poll and takes "
                    + "over when the holder stops.", namespace, name, Leases.describe(shown));
        }
    }

    @Override
    public void release() {
        if (stopped) {
            return;
        }
        stopped = true;
        CompletableFuture<?> running = election;
        if (running != null) {
            // runs the elector's release-on-cancel on this thread: the Lease's holder is cleared before we return
            running.cancel(true);
        }
        tenure.lost("released");
        electorThreads.shutdownNow();
        LeaseStatus s = status;
        status = new LeaseStatus(s.kind(), s.name(), "stopped", null, null, s.epoch());
    }

    /**
     * Stops renewing without releasing, as a crash would (for tests): the Lease stays with this holder until it
     * expires.
     */
    void halt() {
        stopped = true;
        electorThreads.shutdownNow();
    }

    @Override
    public LeaseStatus status() {
        LeaseStatus s = status;
        boolean leader = tenure.held();
        if (leader != s.leader() && !"stopped".equals(s.role())) {
            return new LeaseStatus(s.kind(), s.name(), leader ? "leader" : "standby", s.holder(), s.since(),
                    s.epoch());
        }
        return s;
    }

    /** The elector's lock, timed: a write that makes this instance the holder extends its tenure. */
    private final class TimedLock implements Lock {
        private final LeaseLock lock;
        private volatile long readSent;

        TimedLock(LeaseLock lock) {
            this.lock = lock;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            // the elector takes its clock reading for renewTime just before this read
            readSent = System.nanoTime();
            try {
                return lock.get(client);
            } catch (KubernetesClientException e) {
                throw problem(e);
            }
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            write(() -> lock.create(client, record), record);
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            // fabric8 7.5 releases with a null holder, which its JSON merge patch leaves out: the Lease would keep
            // naming this instance for another second. An empty holder is "nobody", as client-go writes it.
            LeaderElectionRecord written = record.getHolderIdentity() == null
                    ? record.toBuilder().holderIdentity("").build() : record;
            write(() -> lock.update(client, written), written);
        }

        /** One write of the record, timed from the read before it. */
        private void write(Runnable call, LeaderElectionRecord record) {
            long sent = readSent;
            try {
                call.run();
            } catch (KubernetesClientException e) {
                throw problem(e);
            }
            written(sent, record);
        }

        private void written(long sent, LeaderElectionRecord record) {
            if (identity.equals(record.getHolderIdentity())) {
                long epoch = record.getLeaderTransitions() + 1L;
                boolean fresh = !tenure.held();
                tenure.renewed(sent, epoch);
                if (fresh) {
                    LOG.infof("Took the Kubernetes Lease %s/%s (epoch %d): this instance polls.", namespace, name,
                            epoch);
                    status = new LeaseStatus("kubernetes", name, "leader", identity,
                            record.getAcquireTime() == null ? Instant.now() : record.getAcquireTime().toInstant(),
                            epoch);
                    loggedHolder = null;
                }
            } else {
                tenure.lost("released");
            }
        }

        @Override
        public String identity() {
            return lock.identity();
        }

        @Override
        public String describe() {
            return lock.describe();
        }
    }
}
