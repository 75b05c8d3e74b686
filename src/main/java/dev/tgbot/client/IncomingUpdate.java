package dev.tgbot.client;

import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgbot.handler.UnreadableUpdate;

/**
 * One update as the intake received it: read into the Bot API types, or kept as JSON because it could not be read.
 * Exactly one of {@link #update()} and {@link #unreadable()} is set.
 *
 * @param updateId its {@code update_id}, always positive
 * @param update the update read, or null
 * @param unreadable the update that could not be read, or null
 */
public record IncomingUpdate(long updateId, Update update, UnreadableUpdate unreadable) {

    /**
     * @param update an update with a positive {@code update_id}
     * @return it as received
     */
    public static IncomingUpdate of(Update update) {
        return new IncomingUpdate(update.getUpdateId(), update, null);
    }

    /**
     * @param unreadable an update that could not be read
     * @return it as received
     */
    public static IncomingUpdate of(UnreadableUpdate unreadable) {
        return new IncomingUpdate(unreadable.updateId(), null, unreadable);
    }
}
