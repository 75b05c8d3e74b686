package dev.tgbot.state;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Conversations in this process' heap ({@code bot.state.store=memory}, the default): a Caffeine cache bounded by
 * {@code bot.state.max-entries} (least recently used first out) and by {@code bot.state.ttl} after the last write. Lost
 * on a restart; it records no handled updates (the dispatcher already drops duplicates within a process).
 */
public final class MemoryStateStore implements StateStore {

    private static final Uni<Loaded> NONE = Uni.createFrom().item(new Loaded(null, false));

    private final Cache<String, StoredState> cache;
    /** The named sets ({@link #addMember}): not bounded by {@code bot.state.max-entries}, not expired. */
    private final Map<String, Set<Long>> sets = new ConcurrentHashMap<>();

    /**
     * @param maxEntries most conversations kept
     * @param ttl how long one lives after its last write
     */
    public MemoryStateStore(int maxEntries, Duration ttl) {
        this.cache = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
    }

    @Override
    public Uni<Loaded> load(String key, long updateId) {
        StoredState state = key == null ? null : cache.getIfPresent(key);
        return state == null ? NONE : Uni.createFrom().item(new Loaded(state, false));
    }

    @Override
    public Uni<Void> finish(String key, long updateId, Change change) {
        if (key == null || change == null) {
            return Uni.createFrom().voidItem();
        }
        boolean[] conflict = new boolean[1];
        cache.asMap().compute(key, (k, current) -> {
            long version = current == null ? 0 : current.version();
            if (current != null && version != change.basedOn()) { // none: it expired or was evicted meanwhile
                conflict[0] = true;
                return current;
            }
            return change.ends() ? null : new StoredState(change.step(), change.data(), version + 1);
        });
        return conflict[0] ? Uni.createFrom().failure(new StateConflictException(key, change.basedOn()))
                : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Boolean> addMember(String set, long member) {
        return Uni.createFrom().item(sets.computeIfAbsent(set, k -> new ConcurrentSkipListSet<>()).add(member));
    }

    @Override
    public Uni<Boolean> removeMember(String set, long member) {
        Set<Long> members = sets.get(set);
        return Uni.createFrom().item(members != null && members.remove(member));
    }

    @Override
    public Multi<Long> members(String set) {
        return Multi.createFrom().deferred(() -> {
            Set<Long> members = sets.get(set);
            return members == null ? Multi.createFrom().empty() : Multi.createFrom().iterable(members);
        });
    }

    /** Runs the cache's pending evictions now (they otherwise run along with reads and writes). */
    public void cleanUp() {
        cache.cleanUp();
    }

    /** @return the conversations kept now (approximately: expired ones may still count until cleaned up) */
    public long size() {
        return cache.estimatedSize();
    }
}
