package dev.tgbot.lease;

/**
 * The right to poll one bot, shared across hosts: at most one instance holds it, the others are hot standbys that
 * never call getUpdates. Implementations: {@link PostgresLease} (a lease row) and {@link KubernetesLease} (a
 * {@code coordination.k8s.io/v1} Lease through fabric8's {@code LeaderElector}).
 * <p>
 * The holder renews every third of {@code bot.lock.lease-duration}. It counts its tenure from the moment each renewal
 * was <em>sent</em>, and reports {@link Listener#lost} once two thirds of the lease duration have passed without a
 * successful renewal: before any other instance may take the lease, so that two instances never poll at once, even
 * when the holder is cut off from the coordination service.
 */
public interface SharedLease {

    /** What the lease tells the poller. Called on the lease's own thread, never inside a renewal call. */
    interface Listener {
        /**
         * This instance now holds the lease: it may poll.
         *
         * @param epoch the lease's fencing epoch, incremented on every change of holder
         */
        void acquired(long epoch);

        /**
         * This instance must stop polling at once: the lease is lost or could not be renewed in time. Contending
         * goes on; {@link #acquired} follows if the lease is taken again.
         *
         * @param why what happened, for the log
         */
        void lost(String why);
    }

    /**
     * Starts contending for the lease and returns at once.
     *
     * @param listener told of every change of this instance's role
     * @throws IllegalStateException when already started
     */
    void start(Listener listener);

    /**
     * Stops contending and, if held, releases the lease at once, so that a standby takes it within its retry period
     * instead of waiting for the lease to expire. Call it after polling has stopped and the offset is confirmed.
     * Blocks for at most a few seconds; idempotent.
     */
    void release();

    /** @return this instance's role and the current holder as last seen */
    LeaseStatus status();
}
