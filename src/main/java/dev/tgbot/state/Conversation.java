package dev.tgbot.state;

import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The conversation an update belongs to (its key from {@code bot.state.scope}): the step it is at and its data. A
 * route method gets it as a parameter of this type; an {@code UpdateHandler} from {@link Conversations#of}.
 * <p>
 * Reads see the state as it was when the update's handling began. Writes ({@link #setStep}, {@link #setData},
 * {@link #end}) are kept until the handling succeeded and then stored in one step, with the record that the update
 * was handled; a handler that fails writes nothing, so a retry starts from the same state. Each write starts the time
 * to live ({@code bot.state.ttl}) anew; after it the conversation has ended by itself.
 * <p>
 * Not thread-safe: it belongs to one update's handling, and updates of one key are handled one at a time.
 */
public final class Conversation {

    private final String key;
    private final ObjectMapper json;
    private final long ttlMillis;
    private final long version;
    private String step;
    private String data;
    private boolean changed;

    Conversation(String key, StoredState stored, ObjectMapper json, long ttlMillis) {
        this.key = key;
        this.json = json;
        this.ttlMillis = ttlMillis;
        this.version = stored == null ? 0 : stored.version();
        this.step = stored == null ? null : stored.step();
        this.data = stored == null ? null : stored.data();
    }

    /** @return the key ({@code c<chat>:u<user>}, {@code c<chat>} or {@code u<user>}), or null when the update has none */
    public String key() {
        return key;
    }

    /** @return the step the conversation is at; empty when there is no conversation */
    public Optional<String> step() {
        return Optional.ofNullable(step);
    }

    /**
     * @param name a step
     * @return whether the conversation is at that step
     */
    public boolean isAt(String name) {
        return name.equals(step);
    }

    /** @return whether a conversation is going on (it has a step) */
    public boolean isActive() {
        return step != null;
    }

    /**
     * @param type what the data was written as (a record, a POJO, a {@code Map}; Jackson maps it)
     * @param <T> the type
     * @return the data; empty when there is none
     * @throws IllegalStateException when the stored JSON does not map to {@code type}
     */
    public <T> Optional<T> data(Class<T> type) {
        if (data == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(data, type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the data of conversation " + key + " is no " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Moves the conversation to a step (starts it when there was none); its data stays.
     *
     * @param name the step, not empty
     * @return this
     * @throws IllegalStateException when the update has no key (neither a chat nor a user)
     */
    public Conversation setStep(String name) {
        Objects.requireNonNull(name, "step");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a step is not empty");
        }
        writable();
        step = name;
        changed = true;
        return this;
    }

    /**
     * Replaces the data (stored as JSON). Data alone does not start a conversation: call {@link #setStep} first.
     *
     * @param value anything Jackson writes (a record, a POJO, a {@code Map}), or null to remove the data
     * @return this
     * @throws IllegalStateException when there is no conversation (no step), the update has no key, or Jackson cannot
     *         write the value
     */
    public Conversation setData(Object value) {
        writable();
        if (step == null) {
            throw new IllegalStateException("conversation " + key + " has no step: call setStep before setData");
        }
        try {
            data = value == null ? null : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the data of conversation " + key + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
        changed = true;
        return this;
    }

    /** Ends the conversation: no step, no data. Nothing happens when there is none. */
    public void end() {
        if (step != null || data != null) {
            changed = true;
        }
        step = null;
        data = null;
    }

    private void writable() {
        if (key == null) {
            throw new IllegalStateException("this update has neither a chat nor a user, so it has no conversation");
        }
    }

    /** @return what to store, or null when nothing changed */
    StateStore.Change change() {
        if (!changed || step == null && version == 0) {
            return null;
        }
        return new StateStore.Change(step, step == null ? null : data, version, ttlMillis);
    }
}
