package dev.tgbot.lease;

import java.time.Instant;

/**
 * What this instance knows of a shared lease, for {@code /q/health} and the log.
 *
 * @param kind {@code postgresql} or {@code kubernetes}
 * @param name the lease's name (row key or Kubernetes Lease name)
 * @param role {@code leader}, {@code standby}, or {@code stopped} after the release
 * @param holder who holds it as last seen ({@code host/pid/instance}), or null when nobody does or it is unknown
 * @param since when the holder acquired it (the coordination service's clock), or null
 * @param epoch the fencing epoch as last seen (0 when unknown)
 */
public record LeaseStatus(String kind, String name, String role, String holder, Instant since, long epoch) {

    /** @return true while this instance holds the lease */
    public boolean leader() {
        return "leader".equals(role);
    }
}
