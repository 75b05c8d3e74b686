package dev.tgbot.route;

import java.util.function.Function;

import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The kinds of <a href="https://core.telegram.org/bots/api#update">Update</a>, by their Bot API field names (also the
 * names {@code allowed_updates} takes): exactly one of these fields is set in an update.
 */
public enum UpdateKind {
    /** {@code message} */
    MESSAGE("message", Update::getMessage),
    /** {@code edited_message} */
    EDITED_MESSAGE("edited_message", Update::getEditedMessage),
    /** {@code channel_post} */
    CHANNEL_POST("channel_post", Update::getChannelPost),
    /** {@code edited_channel_post} */
    EDITED_CHANNEL_POST("edited_channel_post", Update::getEditedChannelPost),
    /** {@code business_connection} */
    BUSINESS_CONNECTION("business_connection", Update::getBusinessConnection),
    /** {@code business_message} */
    BUSINESS_MESSAGE("business_message", Update::getBusinessMessage),
    /** {@code edited_business_message} */
    EDITED_BUSINESS_MESSAGE("edited_business_message", Update::getEditedBuinessMessage),
    /** {@code deleted_business_messages} */
    DELETED_BUSINESS_MESSAGES("deleted_business_messages", Update::getDeletedBusinessMessages),
    /** {@code message_reaction} (Telegram sends it only when asked in {@code allowed_updates}) */
    MESSAGE_REACTION("message_reaction", Update::getMessageReaction),
    /** {@code message_reaction_count} (only when asked) */
    MESSAGE_REACTION_COUNT("message_reaction_count", Update::getMessageReactionCount),
    /** {@code inline_query} */
    INLINE_QUERY("inline_query", Update::getInlineQuery),
    /** {@code chosen_inline_result} */
    CHOSEN_INLINE_RESULT("chosen_inline_result", Update::getChosenInlineQuery),
    /** {@code callback_query} */
    CALLBACK_QUERY("callback_query", Update::getCallbackQuery),
    /** {@code shipping_query} */
    SHIPPING_QUERY("shipping_query", Update::getShippingQuery),
    /** {@code pre_checkout_query} */
    PRE_CHECKOUT_QUERY("pre_checkout_query", Update::getPreCheckoutQuery),
    /** {@code purchased_paid_media} */
    PURCHASED_PAID_MEDIA("purchased_paid_media", Update::getPaidMediaPurchased),
    /** {@code poll} */
    POLL("poll", Update::getPoll),
    /** {@code poll_answer} */
    POLL_ANSWER("poll_answer", Update::getPollAnswer),
    /** {@code my_chat_member} */
    MY_CHAT_MEMBER("my_chat_member", Update::getMyChatMember),
    /** {@code chat_member} (only when asked) */
    CHAT_MEMBER("chat_member", Update::getChatMember),
    /** {@code chat_join_request} */
    CHAT_JOIN_REQUEST("chat_join_request", Update::getChatJoinRequest),
    /** {@code chat_boost} */
    CHAT_BOOST("chat_boost", Update::getChatBoost),
    /** {@code removed_chat_boost} */
    REMOVED_CHAT_BOOST("removed_chat_boost", Update::getRemovedChatBoost);

    private static final UpdateKind[] ALL = values();

    private final String field;
    private final Function<Update, Object> payload;

    UpdateKind(String field, Function<Update, Object> payload) {
        this.field = field;
        this.payload = payload;
    }

    /** @return the Bot API field name, as {@code allowed_updates} takes it: {@code "callback_query"} */
    public String field() {
        return field;
    }

    /** @return the update's object of this kind, or null when the update is of another kind */
    public Object payload(Update update) {
        return payload.apply(update);
    }

    /** @return the kind of the update, or null for a kind this library does not know */
    public static UpdateKind of(Update update) {
        for (UpdateKind kind : ALL) {
            if (kind.payload.apply(update) != null) {
                return kind;
            }
        }
        return null;
    }
}
