package dev.tgbot.state;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.telegram.telegrambots.meta.api.objects.Update;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tgbot.config.BotConfig;
import dev.tgbot.config.BotSettings;
import dev.tgbot.dispatch.UpdateDispatcher;
import dev.tgbot.handler.UpdateHandler;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Conversation state around the bot's handler: for each update it finds the conversation's key
 * ({@code bot.state.scope}), loads the conversation from the store ({@code bot.state.store}), hands it to the
 * handler ({@link #of} or a route parameter), and after a successful handling stores what changed together with the
 * record that the update was handled.
 * <p>
 * No lost writes: updates of one key are handled one at a time in this process (a lane per key, beside the
 * dispatcher's lane per chat, which matters for {@code scope=user}: one user writing in two chats), and every write
 * names the version it read, so a write from another process in between is refused ({@link StateConflictException})
 * instead of overwritten.
 * <p>
 * With {@code bot.state.store=postgresql} an update recorded as handled is skipped (INFO log, counter
 * {@code telegram_updates_handled_before_total}): it was handled by a process that stopped before it confirmed the
 * offset (a {@code kill -9}, a lost lease), and the new lease holder got it again.
 */
@ApplicationScoped
public class Conversations {

    private static final Logger LOG = Logger.getLogger(Conversations.class);

    private final StateScope scope;
    private final StateStore store;
    private final ObjectMapper json;
    private final long ttlMillis;
    private final Instance<UpdateDispatcher> dispatcher;
    private final boolean polling;
    private final Map<Long, Conversation> current = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    private final AtomicLong handledBefore = new AtomicLong();
    private volatile Cancellable cleaning;

    @Inject
    Conversations(BotSettings settings, ObjectMapper json, Instance<Pool> pools, Instance<UpdateDispatcher> dispatcher) {
        BotConfig.State config = settings.config().state();
        this.scope = config.scope();
        this.json = json;
        this.ttlMillis = config.ttl().toMillis();
        this.dispatcher = dispatcher;
        this.polling = settings.config().mode() == BotConfig.Mode.POLLING;
        if (config.store() == BotConfig.StateStoreKind.POSTGRESQL) {
            long botId;
            try {
                botId = Long.parseLong(settings.botId());
            } catch (NumberFormatException unknown) {
                botId = 0;
            }
            this.store = new PostgresStateStore(pools.get(), botId, config.table(), Duration.ofSeconds(5));
        } else {
            this.store = new MemoryStateStore(config.maxEntries(), config.ttl());
        }
    }

    /** For tests and benchmarks: a store of one's choice. */
    Conversations(StateScope scope, StateStore store, ObjectMapper json, Duration ttl) {
        this.scope = scope;
        this.store = store;
        this.json = json;
        this.ttlMillis = ttl.toMillis();
        this.dispatcher = null;
        this.polling = false;
    }

    void start(@Observes StartupEvent event) {
        if (store instanceof PostgresStateStore postgres) {
            // handled rows are needed only until Telegram is told the offset past them
            cleaning = io.smallrye.mutiny.Multi.createFrom().ticks().every(Duration.ofMinutes(1))
                    .onItem().transformToUniAndConcatenate(tick -> postgres.cleanUp(confirmedOffset())
                            .onFailure().invoke(e -> LOG.debugf("State clean-up failed: %s", e.toString()))
                            .onFailure().recoverWithItem(0))
                    .subscribe().with(removed -> LOG.tracef("State clean-up removed %d rows", removed));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Cancellable c = cleaning;
        if (c != null) {
            c.cancel();
        }
    }

    /**
     * @return the offset long polling confirms (the dispatcher's watermark); 0 in webhook mode, where Telegram may
     *         deliver an update again whose 200 it never got, so handled rows go by age only
     */
    private long confirmedOffset() {
        return polling && dispatcher != null && dispatcher.isResolvable() ? dispatcher.get().watermark() : 0;
    }

    /**
     * The conversation of an update that is being handled, for an {@code UpdateHandler} (a route method takes a
     * {@link Conversation} parameter instead).
     *
     * @param update the update the handler was given
     * @return its conversation; writes to it are stored when the handling succeeds
     * @throws IllegalStateException when the update is not being handled right now
     */
    public Conversation of(Update update) {
        Conversation c = current.get(update.getUpdateId().longValue());
        if (c == null) {
            throw new IllegalStateException("update_id=" + update.getUpdateId() + " is not being handled: a "
                    + "conversation is available while the handler of its update runs");
        }
        return c;
    }

    /** @return the conversation of the update being handled, or null (for the router, which runs inside) */
    public Conversation currentOrNull(Update update) {
        return current.get(update.getUpdateId().longValue());
    }

    /** @return updates skipped because the store recorded them as handled before (PostgreSQL only) */
    public long handledBeforeCount() {
        return handledBefore.get();
    }

    /** @return the store in use */
    public StateStore store() {
        return store;
    }

    /**
     * @param handler the bot's handler
     * @return the handler with conversation state around it: what the dispatcher calls
     */
    public UpdateHandler around(UpdateHandler handler) {
        return update -> Uni.createFrom().deferred(() -> {
            String key = scope.key(update);
            long id = update.getUpdateId();
            return key == null ? handle(handler, update, null, id) : inLane(key, () -> handle(handler, update, key, id));
        });
    }

    private Uni<Void> handle(UpdateHandler handler, Update update, String key, long id) {
        return store.load(key, id).chain(loaded -> {
            if (loaded.handledBefore()) {
                handledBefore.incrementAndGet();
                LOG.infof("update_id=%d was handled before (recorded in the state store by an earlier lease holder "
                        + "that stopped before it confirmed the offset): skipped", id);
                return Uni.createFrom().voidItem();
            }
            Conversation conversation = new Conversation(key, loaded.state(), json, ttlMillis);
            current.put(id, conversation);
            return Uni.createFrom().deferred(() -> handler.handle(update))
                    .onTermination().invoke(() -> current.remove(id))
                    .chain(() -> store.finish(key, id, conversation.change()));
        });
    }

    /** Runs the work after the work of the same key that came before it has finished. */
    private Uni<Void> inLane(String key, java.util.function.Supplier<Uni<Void>> work) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> before = lanes.put(key, mine);
        Uni<Void> turn = before == null ? Uni.createFrom().voidItem() : Uni.createFrom().completionStage(before);
        return turn.chain(ignored -> work.get()).onTermination().invoke(() -> {
            lanes.remove(key, mine);
            mine.complete(null);
        });
    }

    /** @return keys with an update being handled or waiting (memory: bounded by the updates in flight) */
    int lanesInUse() {
        return lanes.size();
    }
}
