package dev.tgbot.pacing;

/**
 * The counts of a finished broadcast ({@link Broadcaster#report}).
 *
 * @param delivered sent to the chat as given
 * @param migrated sent to the supergroup the group migrated to
 * @param blocked 403
 * @param chatNotFound 400 chat not found
 * @param failed any other failure
 * @param seconds from the first send to the last outcome
 */
public record BroadcastReport(long delivered, long migrated, long blocked, long chatNotFound, long failed,
        double seconds) {

    /** @return the chats that got the message ({@code delivered + migrated}) */
    public long reached() {
        return delivered + migrated;
    }

    /** @return every outcome counted */
    public long total() {
        return delivered + migrated + blocked + chatNotFound + failed;
    }
}
