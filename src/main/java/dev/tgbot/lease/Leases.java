package dev.tgbot.lease;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import dev.tgbot.config.BotConfig.Lock;
import dev.tgbot.config.BotConfig.LockKind;
import dev.tgbot.config.BotSettings;
import dev.tgbot.lifecycle.InstanceIdentity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Builds the shared lease that {@code bot.lock.kind} names, on first use only: with {@code file} (the default) or
 * in webhook mode, neither the datasource nor the Kubernetes client is ever touched, so nothing about them runs or
 * fails.
 */
@ApplicationScoped
public class Leases {

    private final BotSettings settings;
    private final Instance<Pool> pools;
    private final Instance<KubernetesClient> kubernetes;
    private final String identity;
    private ScheduledExecutorService executor;
    private SharedLease lease;

    Leases(BotSettings settings, Instance<Pool> pools, Instance<KubernetesClient> kubernetes) {
        this.settings = settings;
        this.pools = pools;
        this.kubernetes = kubernetes;
        InstanceIdentity self = InstanceIdentity.current();
        this.identity = self.host() + "/" + self.pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * @return the lease of {@code bot.lock.kind}, created on the first call; empty for {@code file} (a
     *         {@code postgresql} lease without {@code quarkus.datasource.reactive.url} never gets here: startup fails
     *         naming the property, see {@code BotConfigValidator})
     */
    public synchronized Optional<SharedLease> lease() {
        Lock config = settings.config().lock();
        if (!config.kind().shared()) {
            return Optional.empty();
        }
        if (lease == null) {
            ScheduledThreadPoolExecutor single = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "bot-lease");
                t.setDaemon(true);
                return t;
            });
            single.setRemoveOnCancelPolicy(true);
            executor = single;
            String name = config.leaseName().orElse("telegram-bot-" + settings.botId());
            if (config.kind() == LockKind.POSTGRESQL) {
                lease = new PostgresLease(pools.get(), config.table(), name, identity, config.leaseDuration(),
                        executor);
            } else {
                lease = new KubernetesLease(kubernetes.get(), config.namespace(), name, identity,
                        config.leaseDuration(), executor);
            }
        }
        return Optional.of(lease);
    }

    /** @return the lease if one was created, without creating it */
    public synchronized Optional<SharedLease> existing() {
        return Optional.ofNullable(lease);
    }

    /** @return this process's holder identity: {@code host/pid/random}, unique even for a restarted container */
    public String identity() {
        return identity;
    }

    @PreDestroy
    synchronized void close() {
        if (lease != null) {
            lease.release();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /**
     * @param leaseDuration {@code bot.lock.lease-duration}
     * @return how often a standby tries to take the lease: a twentieth of the lease duration, 200 ms..1 s
     */
    static Duration retryPeriod(Duration leaseDuration) {
        Duration p = leaseDuration.dividedBy(20);
        return p.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200)
                : min(p, Duration.ofSeconds(1));
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * @param holder a holder identity {@code host/pid/random}
     * @return {@code host X, pid Y}
     */
    static String describe(String holder) {
        String[] parts = holder.split("/");
        return parts.length == 3 ? "host " + parts[0] + ", pid " + parts[1] + " (instance " + parts[2] + ")" : holder;
    }
}
