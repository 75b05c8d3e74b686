package dev.tgbot.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tgbot.client.TokenRedactor;
import io.quarkus.runtime.Quarkus;

/**
 * Ends the process on purpose: logs one ERROR report, then starts the normal shutdown with an exit code through
 * {@link Quarkus#asyncExit(int)} (in-flight handlers finish, the lock is released). Only the first exit counts.
 */
@ApplicationScoped
public class GracefulExit {

    private static final Logger LOG = Logger.getLogger(GracefulExit.class);

    private final AtomicBoolean exiting = new AtomicBoolean();
    private volatile int code = ExitCodes.OK;
    private volatile String report;

    /**
     * @param code the exit code, see {@link ExitCodes}
     * @param report what happened and what to do; the token is redacted from it
     */
    public void exit(int code, String report) {
        if (!exiting.compareAndSet(false, true)) {
            return;
        }
        this.code = code;
        this.report = TokenRedactor.redact(report);
        LOG.error(this.report + "\nExiting with code " + code + ".");
        Quarkus.asyncExit(code);
    }

    /** @return true once an exit has started */
    public boolean exiting() {
        return exiting.get();
    }

    /** @return the ERROR report of the exit in progress (token redacted), or null */
    public String report() {
        return report;
    }

    /** @return the code of the exit in progress, or 0 */
    public int code() {
        return code;
    }
}
