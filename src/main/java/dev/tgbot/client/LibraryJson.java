package dev.tgbot.client;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/**
 * The JSON mapper of the Bot API types (telegrambots-meta): the library's own, which its method objects use to parse
 * their results ({@code deserializeResponse}), made lenient once: a field Telegram adds tomorrow is ignored instead of
 * failing the call or the intake (several library types, {@code Update} among them, do not ignore unknown fields on
 * their own). Used for method bodies, results and incoming updates alike, so all agree.
 * <p>
 * One more change: where the declared type is {@code Message} itself (an update's {@code message},
 * {@code edited_message}, {@code channel_post}, a message's {@code reply_to_message}, sendMessage's result), it is read
 * as a {@code Message} straight away. The library marks every message as polymorphic
 * ({@code MaybeInaccessibleMessage}: {@code date} 0 means an {@code InaccessibleMessage}), and Jackson then buffers
 * every field before {@code date} (Telegram sends {@code message_id}, {@code from}, {@code chat}, then {@code date})
 * and reads them a second time: about a twentieth of the service's CPU while a backlog drains. Such a field could not
 * hold an {@code InaccessibleMessage} anyway; fields declared as {@code MaybeInaccessibleMessage} (a callback query's
 * {@code message}) keep the library's rule.
 * <p>
 * The mapper is configured when this class initialises: it must happen before the library parses anything (its
 * deserializers are cached on first use), which is why {@code BotApiClient} touches this class first.
 */
public final class LibraryJson {

    private static final ObjectMapper MAPPER = Access.mapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .addMixIn(Message.class, PlainMessage.class);

    /** Mix-in for {@code Message}: no type id, so no buffering until {@code date}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private interface PlainMessage {
    }

    private LibraryJson() {
    }

    /** @return the library's mapper, ignoring unknown properties */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reaches the library's protected static mapper. */
    private abstract static class Access extends PartialBotApiMethod<Boolean> {
        static ObjectMapper mapper() {
            return OBJECT_MAPPER;
        }
    }
}
