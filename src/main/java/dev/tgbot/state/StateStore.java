package dev.tgbot.state;

import io.smallrye.mutiny.Multi;
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
     * Adds a chat (or user) id to a named set that outlives conversations: the subscribers of a bot, its admins. In
     * PostgreSQL it survives restarts and is shared by every replica, like the conversations.
     *
     * @param set the set's name, for example {@code example.subscribers}
     * @param member the id to add
     * @return true when it was not in the set before; fails when the store cannot be reached
     */
    Uni<Boolean> addMember(String set, long member);

    /**
     * Removes an id from a named set (a user who blocked the bot).
     *
     * @param set the set's name
     * @param member the id to remove
     * @return true when it was in the set
     */
    Uni<Boolean> removeMember(String set, long member);

    /**
     * The ids of a named set in ascending order, read page by page as they are requested (PostgreSQL: 1,000 a
     * query), so a million members never sit in memory at once: the input of a {@link dev.tgbot.pacing.Broadcaster}.
     *
     * @param set the set's name
     * @return the members; empty for a set never added to
     */
    Multi<Long> members(String set);

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
