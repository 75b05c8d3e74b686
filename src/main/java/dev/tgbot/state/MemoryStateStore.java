package dev.tgbot.state;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;

/**
 * Conversations in this process' heap ({@code bot.state.store=memory}, the default): a Caffeine cache bounded by
 * {@code bot.state.max-entries} (least recently used first out) and by {@code bot.state.ttl} after the last write. Lost
 * on a restart; it records no handled updates (the dispatcher already drops duplicates within a process).
 */
public final class MemoryStateStore implements StateStore {

    private static final Uni<Loaded> NONE = Uni.createFrom().item(new Loaded(null, false));

    private final Cache<String, StoredState> cache;

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

    /** Runs the cache's pending evictions now (they otherwise run along with reads and writes). */
    public void cleanUp() {
        cache.cleanUp();
    }

    /** @return the conversations kept now (approximately: expired ones may still count until cleaned up) */
    public long size() {
        return cache.estimatedSize();
    }
}
