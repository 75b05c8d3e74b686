package dev.tgbot.state;

import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;

import dev.tgbot.route.Router;

/**
 * Whose conversation an update belongs to ({@code bot.state.scope}), as aiogram's key strategies: the key is made of
 * the update's chat ({@code chat.id} of its message, callback message, chat member or reaction update) and its user
 * ({@code from} of the message, callback query, inline query, ...).
 */
public enum StateScope {
    /** Each user in each chat has a conversation of their own (default): {@code c<chat>:u<user>}. */
    USER_IN_CHAT,
    /** One conversation per chat, shared by everyone in it: {@code c<chat>}. */
    CHAT,
    /** One conversation per user, across every chat (a private chat and groups alike): {@code u<user>}. */
    USER;

    /**
     * @param update any update
     * @return the key of the update's conversation, or null when the update has neither a chat nor a user (it then
     *         has no conversation); an update without the part the scope needs falls back to the part it has (a
     *         channel post, which has no user, is keyed by its chat under {@code USER_IN_CHAT})
     */
    public String key(Update update) {
        Chat chat = this == USER ? null : Router.chat(update);
        User user = this == CHAT ? null : Router.from(update);
        if (this == CHAT && chat == null) {
            user = Router.from(update);
        } else if (this == USER && user == null) {
            chat = Router.chat(update);
        }
        if (chat == null && user == null) {
            return null;
        }
        if (chat == null) {
            return "u" + user.getId();
        }
        return user == null ? "c" + chat.getId() : "c" + chat.getId() + ":u" + user.getId();
    }
}
