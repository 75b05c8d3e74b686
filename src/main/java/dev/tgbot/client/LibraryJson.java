package dev.tgbot.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;

/**
 * The JSON mapper of the Bot API types (telegrambots-meta): the library's own, which its method objects use to parse
 * their results ({@code deserializeResponse}), made lenient once: a field Telegram adds tomorrow is ignored instead of
 * failing the call or the intake (several library types, {@code Update} among them, do not ignore unknown fields on
 * their own). Used for method bodies, results and incoming updates alike, so all agree.
 */
public final class LibraryJson {

    private static final ObjectMapper MAPPER = Access.mapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
