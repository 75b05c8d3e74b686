package dev.tgbot.lifecycle;

import java.net.InetAddress;
import java.time.Instant;

/**
 * Who this process is, for reports and the lock file: host name, pid, start time.
 *
 * @param host host name (the container id in a container)
 * @param pid process id
 * @param started when the JVM started
 */
public record InstanceIdentity(String host, long pid, Instant started) {

    /** @return the identity of this process */
    public static InstanceIdentity current() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "unknown-host";
            }
        }
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElse(Instant.now());
        return new InstanceIdentity(host, self.pid(), started);
    }

    @Override
    public String toString() {
        return "host " + host + ", pid " + pid + ", started " + started;
    }
}
