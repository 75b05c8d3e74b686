package dev.tgbot.state;

/**
 * A conversation changed between the read and the write of one update's handling: another process wrote it (two
 * webhook replicas behind a load balancer, or a handler outside the dispatcher). Nothing was written; the update
 * fails like a failing handler, and {@code bot.dispatch.retries} handles it again with the fresh state. Within one
 * process this never happens: updates of one conversation key are handled one at a time.
 */
public class StateConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param key the conversation's key
     * @param expected the version the update read (0: none)
     */
    public StateConflictException(String key, long expected) {
        super("conversation " + key + " changed since it was read (version " + expected
                + "): another process wrote it; nothing was written");
    }
}
