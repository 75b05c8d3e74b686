package dev.tgbot.client.dto;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bot API <a href="https://core.telegram.org/bots/api#update">Update</a>: one incoming event, identified by
 * {@code update_id}. The update types this service reads are typed fields; every other type (poll, chat_member,
 * business messages, types Telegram adds later) is kept as raw JSON in {@link #other()} so that nothing is lost.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Update {

    @JsonProperty("update_id")
    public long updateId;
    @JsonProperty("message")
    public Message message;
    @JsonProperty("edited_message")
    public Message editedMessage;
    @JsonProperty("channel_post")
    public Message channelPost;
    @JsonProperty("edited_channel_post")
    public Message editedChannelPost;
    @JsonProperty("callback_query")
    public CallbackQuery callbackQuery;
    @JsonProperty("inline_query")
    public InlineQuery inlineQuery;

    private final Map<String, Object> other = new LinkedHashMap<>();

    public Update() {
    }

    /** A message update, mostly for tests and the emulator. */
    public Update(long updateId, Message message) {
        this.updateId = updateId;
        this.message = message;
    }

    /** @return the update_id: sequential per bot, the key for offsets and de-duplication */
    public long updateId() {
        return updateId;
    }

    /** @return update types this class has no field for, by their Bot API name, as raw JSON values */
    @JsonAnyGetter
    public Map<String, Object> other() {
        return other;
    }

    @JsonAnySetter
    void setOther(String name, Object value) {
        other.put(name, value);
    }

    /** @return the message of a message, edited message, channel post or edited channel post update; else null */
    @JsonIgnore
    public Message anyMessage() {
        if (message != null) {
            return message;
        }
        if (editedMessage != null) {
            return editedMessage;
        }
        return channelPost != null ? channelPost : editedChannelPost;
    }

    /**
     * The ordering key of this update: the chat id where the update belongs to a chat, else the id of the user
     * who caused it (inline queries, callback queries without a message), else 0 (one shared lane for updates
     * that name neither). Updates with the same key are handled one at a time in {@code update_id} order.
     *
     * @return the chat id, the user id or 0
     */
    @JsonIgnore
    public long orderingKey() {
        Message m = anyMessage();
        if (m != null && m.chat() != null) {
            return m.chat().id();
        }
        if (callbackQuery != null) {
            if (callbackQuery.message() != null && callbackQuery.message().chat() != null) {
                return callbackQuery.message().chat().id();
            }
            if (callbackQuery.from() != null) {
                return callbackQuery.from().id();
            }
        }
        if (inlineQuery != null && inlineQuery.from() != null) {
            return inlineQuery.from().id();
        }
        return KeyFromRaw.of(other);
    }

    @Override
    public String toString() {
        return "Update[update_id=" + updateId + "]";
    }

    /** Ordering key for update types kept as raw JSON: their {@code chat.id} or {@code from.id}. */
    static final class KeyFromRaw {
        private KeyFromRaw() {
        }

        @SuppressWarnings("unchecked")
        static long of(Map<String, Object> other) {
            for (Object value : other.values()) {
                if (value instanceof Map<?, ?> body) {
                    Object chat = body.get("chat");
                    if (chat instanceof Map<?, ?> c && c.get("id") instanceof Number n) {
                        return n.longValue();
                    }
                    Object from = ((Map<String, Object>) body).get("from");
                    if (from == null) {
                        from = body.get("user");
                    }
                    if (from instanceof Map<?, ?> f && f.get("id") instanceof Number n) {
                        return n.longValue();
                    }
                }
            }
            return 0L;
        }
    }
}
