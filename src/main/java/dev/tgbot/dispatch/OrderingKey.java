package dev.tgbot.dispatch;

import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;

/**
 * The lane an update is handled in: updates with the same key are handled one at a time in {@code update_id} order,
 * different keys concurrently. The key is the chat the update belongs to; for updates without a chat, the user who
 * caused it; for updates with neither (a {@code poll} state, a kind Telegram adds later), {@link #SHARED}.
 * <p>
 * By update kind (<a href="https://core.telegram.org/bots/api#update">Update</a>): chat of {@code message},
 * {@code edited_message}, {@code channel_post}, {@code edited_channel_post}, {@code business_message},
 * {@code edited_business_message}, {@code guest_message}, {@code deleted_business_messages},
 * {@code message_reaction}, {@code message_reaction_count}, {@code my_chat_member}, {@code chat_member},
 * {@code chat_join_request}, {@code chat_boost}, {@code removed_chat_boost}, and of the message of a
 * {@code callback_query}; the voter chat of a {@code poll_answer} given on behalf of a chat; else the user of
 * {@code callback_query} (inline message), {@code inline_query}, {@code chosen_inline_result},
 * {@code shipping_query}, {@code pre_checkout_query}, {@code purchased_paid_media}, {@code poll_answer},
 * {@code business_connection} (its private chat with the user when given), {@code managed_bot},
 * {@code subscription}.
 */
public final class OrderingKey {

    /** The one lane of updates that name neither a chat nor a user. */
    public static final long SHARED = 0L;

    private OrderingKey() {
    }

    /**
     * @param update any update
     * @return the chat id, else the user id, else {@link #SHARED}
     */
    public static long of(Update update) {
        Long chat = firstChat(update);
        if (chat != null) {
            return chat;
        }
        User user = firstUser(update);
        return user != null && user.getId() != null ? user.getId() : SHARED;
    }

    private static Long firstChat(Update u) {
        for (Message m : new Message[] { u.getMessage(), u.getEditedMessage(), u.getChannelPost(),
                u.getEditedChannelPost(), u.getBusinessMessage(), u.getEditedBuinessMessage(), u.getGuestMessage() }) {
            if (m != null) {
                return id(m.getChat());
            }
        }
        if (u.getCallbackQuery() != null) {
            MaybeInaccessibleMessage m = u.getCallbackQuery().getMessage();
            return m == null ? null : id(m.getChat());
        }
        if (u.getMyChatMember() != null) {
            return id(u.getMyChatMember().getChat());
        }
        if (u.getChatMember() != null) {
            return id(u.getChatMember().getChat());
        }
        if (u.getChatJoinRequest() != null) {
            return id(u.getChatJoinRequest().getChat());
        }
        if (u.getMessageReaction() != null) {
            return id(u.getMessageReaction().getChat());
        }
        if (u.getMessageReactionCount() != null) {
            return id(u.getMessageReactionCount().getChat());
        }
        if (u.getChatBoost() != null) {
            return id(u.getChatBoost().getChat());
        }
        if (u.getRemovedChatBoost() != null) {
            return id(u.getRemovedChatBoost().getChat());
        }
        if (u.getDeletedBusinessMessages() != null) {
            return id(u.getDeletedBusinessMessages().getChat());
        }
        if (u.getPollAnswer() != null) {
            return id(u.getPollAnswer().getVoterChat());
        }
        if (u.getBusinessConnection() != null) {
            return u.getBusinessConnection().getUserChatId();
        }
        return null;
    }

    private static User firstUser(Update u) {
        if (u.getCallbackQuery() != null) {
            return u.getCallbackQuery().getFrom();
        }
        if (u.getInlineQuery() != null) {
            return u.getInlineQuery().getFrom();
        }
        if (u.getChosenInlineQuery() != null) {
            return u.getChosenInlineQuery().getFrom();
        }
        if (u.getShippingQuery() != null) {
            return u.getShippingQuery().getFrom();
        }
        if (u.getPreCheckoutQuery() != null) {
            return u.getPreCheckoutQuery().getFrom();
        }
        if (u.getPaidMediaPurchased() != null) {
            return u.getPaidMediaPurchased().getUser();
        }
        if (u.getPollAnswer() != null) {
            return u.getPollAnswer().getUser();
        }
        if (u.getBusinessConnection() != null) {
            return u.getBusinessConnection().getUser();
        }
        if (u.getManagedBot() != null) {
            return u.getManagedBot().getUser();
        }
        if (u.getSubscription() != null) {
            return u.getSubscription().getUser();
        }
        return null;
    }

    private static Long id(Chat chat) {
        return chat == null ? null : chat.getId();
    }
}
