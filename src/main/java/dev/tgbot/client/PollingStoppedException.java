package dev.tgbot.client;

/** Ends a getUpdates retry loop because polling was stopped (shutdown, graceful exit). Never retried. */
public final class PollingStoppedException extends RuntimeException {
    public PollingStoppedException() {
        super("polling stopped", null, false, false);
    }
}
