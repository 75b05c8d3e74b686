package dev.tgbot.state;

import io.smallrye.mutiny.Uni;

/**
 * Where conversations are kept ({@code bot.state.store}): {@link MemoryStateStore} or {@link PostgresStateStore}.
 * Each update is one {@link #load} before its handler and one {@link #finish} after it succeeded.
 */
public interface StateStore {

    /**
     * What {@link #load} found.
     *
     * @param state the conversation, or null when there is none (never started, ended, or past {@code bot.state.ttl})
     * @param handledBefore whether this update's handling finished before (in a process that then died or lost the
     *        lease before it confirmed the offset): the update must be skipped
     */
    record Loaded(StoredState state, boolean handledBefore) {
    }

    /**
     * @param key the conversation's key ({@link StateScope#key}), or null for an update without one
     * @param updateId the update being handled
     * @return the conversation and whether the update was handled before; fails when the store cannot be reached
     */
    Uni<Loaded> load(String key, long updateId);

    /**
     * Records that the update was handled, with the conversation's change if it made one, in one step (one
     * transaction in PostgreSQL).
     *
     * @param key the conversation's key, or null
     * @param updateId the update that was handled
     * @param change what the handling wrote: null when it left the conversation as it was, {@link Change#end} when it
     *        ended it
     * @return completes when recorded; fails with {@link StateConflictException} when the conversation is no longer at
     *         the version the change is based on
     */
    Uni<Void> finish(String key, long updateId, Change change);

    /**
     * A write of one conversation.
     *
     * @param step the new step, or null to end the conversation
     * @param data the new data as JSON, or null
     * @param basedOn the version that was read (0: there was none)
     * @param ttlMillis how long the conversation lives from now, in milliseconds
     */
    record Change(String step, String data, long basedOn, long ttlMillis) {

        /** @return whether the change ends the conversation */
        public boolean ends() {
            return step == null;
        }
    }
}
