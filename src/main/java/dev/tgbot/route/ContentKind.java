package dev.tgbot.route;

import java.util.function.Predicate;

import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * What a {@code message} carries, for {@link Content} routes, in the order in which a message with several is routed
 * (an animation before its backward-compatible document, a venue before its location).
 */
public enum ContentKind {
    /** {@code text} (commands without a route included) */
    TEXT(Message::hasText),
    /** {@code photo} */
    PHOTO(Message::hasPhoto),
    /** {@code animation} (a GIF or silent video; such messages also carry {@code document}) */
    ANIMATION(Message::hasAnimation),
    /** {@code document} */
    DOCUMENT(Message::hasDocument),
    /** {@code video} */
    VIDEO(Message::hasVideo),
    /** {@code video_note} */
    VIDEO_NOTE(Message::hasVideoNote),
    /** {@code audio} */
    AUDIO(Message::hasAudio),
    /** {@code voice} */
    VOICE(Message::hasVoice),
    /** {@code sticker} */
    STICKER(Message::hasSticker),
    /** {@code venue} (such messages also carry {@code location}) */
    VENUE(m -> m.getVenue() != null),
    /** {@code location} */
    LOCATION(Message::hasLocation),
    /** {@code contact} */
    CONTACT(Message::hasContact),
    /** {@code poll} */
    POLL(Message::hasPoll),
    /** {@code dice} */
    DICE(Message::hasDice),
    /** {@code web_app_data} */
    WEB_APP_DATA(Message::hasWebAppData),
    /** {@code successful_payment} */
    SUCCESSFUL_PAYMENT(Message::hasSuccessfulPayment),
    /** {@code new_chat_members} */
    NEW_CHAT_MEMBERS(m -> m.getNewChatMembers() != null && !m.getNewChatMembers().isEmpty()),
    /** {@code left_chat_member} */
    LEFT_CHAT_MEMBER(m -> m.getLeftChatMember() != null);

    private static final ContentKind[] ALL = values();

    private final Predicate<Message> test;

    ContentKind(Predicate<Message> test) {
        this.test = test;
    }

    /** @return whether the message carries this kind */
    public boolean in(Message message) {
        return test.test(message);
    }

    static ContentKind[] all() {
        return ALL;
    }
}
