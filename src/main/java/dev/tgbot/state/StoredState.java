package dev.tgbot.state;

/**
 * A conversation as a {@link StateStore} keeps it.
 *
 * @param step the step the conversation is at, never null
 * @param data its data as JSON, or null
 * @param version incremented by every write, from 1; a write names the version it read, so a write based on stale
 *        state is refused ({@link StateConflictException})
 */
public record StoredState(String step, String data, long version) {
}
