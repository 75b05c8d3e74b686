package dev.tgbot.client;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tgbot.config.BotSettings;

/**
 * Makes retried startup calls ({@link BotApiGuards#CALL}: getMe, getWebhookInfo, setWebhook, deleteWebhook) visible:
 * a WARN on the first failure with the method, the status and the server's words, then at most one every 10 s,
 * instead of silence until {@code bot.startup-timeout} ends.
 */
@ApplicationScoped
public class CallRetryLog {

    private static final Logger LOG = Logger.getLogger(CallRetryLog.class);
    static final long QUIET_NANOS = 10_000_000_000L;

    private final long budgetSeconds;
    private long lastWarning;
    private boolean warned;
    private int since;

    CallRetryLog(BotSettings settings) {
        this.budgetSeconds = settings.config().startupTimeout().toSeconds();
    }

    /** @param failure the failure about to be retried; its message never holds the token */
    public void beforeRetry(Throwable failure) {
        String line;
        synchronized (this) {
            long now = System.nanoTime();
            if (warned && now - lastWarning < QUIET_NANOS) {
                since++;
                return;
            }
            line = failure.getMessage() + (since > 0 ? " (" + since + " more failed attempt(s) since the last warning)"
                    : "");
            warned = true;
            lastWarning = now;
            since = 0;
        }
        LOG.warnf("Bot API call failed, retrying within bot.startup-timeout=%d s: %s", budgetSeconds,
                TokenRedactor.redact(line));
    }
}
