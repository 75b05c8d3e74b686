package dev.tgbot.pacing;

/**
 * What one chat of a broadcast got.
 *
 * @param chatId the chat the broadcast was given
 * @param status the outcome
 * @param deliveredTo where it went: {@code chatId}, or the supergroup a group migrated to; null when not delivered
 * @param errorCode Telegram's error_code when not delivered (403, 400, ...), else 0
 * @param description Telegram's description when not delivered, else null
 */
public record BroadcastOutcome(long chatId, Status status, Long deliveredTo, int errorCode, String description) {

    /** The outcomes a broadcast reports. */
    public enum Status {
        /** Sent. */
        DELIVERED,
        /** The group had become a supergroup: sent once more, to {@code migrate_to_chat_id}, and delivered. */
        MIGRATED,
        /** 403: the user blocked the bot (or the bot was removed from the chat). */
        BLOCKED,
        /** 400 {@code chat not found}. */
        CHAT_NOT_FOUND,
        /** Any other failure (after the client's retries), with its code and description. */
        FAILED
    }
}
