package dev.tgbot.support;

import io.vertx.core.json.JsonObject;

/**
 * Updates as a Bot API server could send them, some of which the Bot API types cannot hold. Every unreadable one
 * carries the word {@link #CONTENT} in what a user wrote, so that a test can check that no log line or reason quotes
 * it.
 */
public final class RawUpdates {

    /** A word in the unreadable updates' content that must appear in no log line and no reason. */
    public static final String CONTENT = "confidential-user-words";

    private RawUpdates() {
    }

    /** @return a text message in a private chat, readable */
    public static JsonObject text(long chat, String text) {
        return new JsonObject().put("message", message(chat).put("text", text));
    }

    /** @return a message whose chat has no {@code type} (required by the library) */
    public static JsonObject chatWithoutType(long chat) {
        JsonObject message = message(chat).put("text", CONTENT);
        message.getJsonObject("chat").remove("type");
        return new JsonObject().put("message", message);
    }

    /** @return a message whose {@code date} is a string */
    public static JsonObject dateAsString(long chat) {
        return new JsonObject().put("message", message(chat).put("date", CONTENT).put("text", "hello"));
    }

    /** @return a readable {@code callback_query} with this data, from the chat's user, on a message of the bot */
    public static JsonObject callback(long chat, String data) {
        return new JsonObject().put("callback_query", new JsonObject().put("id", "cbq-" + data).put("data", data)
                .put("chat_instance", String.valueOf(chat)).put("message", message(chat).put("text", "buttons")
                        .put("from", new JsonObject().put("id", 1).put("is_bot", true).put("first_name", "B")))
                .put("from", new JsonObject().put("id", chat).put("is_bot", false).put("first_name", "U")));
    }

    /** @return a {@code callback_query} that is a string, not an object */
    public static JsonObject callbackQueryNotAnObject() {
        return new JsonObject().put("callback_query", CONTENT);
    }

    /** @return a readable message object (no content yet) in a private chat whose user id is the chat id */
    public static JsonObject message(long chat) {
        return new JsonObject().put("message_id", 1).put("date", 1_700_000_000L)
                .put("chat", new JsonObject().put("id", chat).put("type", "private"))
                .put("from", new JsonObject().put("id", chat).put("is_bot", false).put("first_name", "U"));
    }
}
