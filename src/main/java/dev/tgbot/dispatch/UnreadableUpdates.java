package dev.tgbot.dispatch;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import dev.tgbot.handler.UnreadableUpdate;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What happens to an update the service cannot read, in its turn in the {@link UpdateDispatcher}: one WARN with its
 * {@code update_id}, the JSON path and the reason (never its content, never the token), the count behind
 * {@code telegram_updates_unreadable_total}, and the {@link UnreadableUpdate} CDI event for the application's
 * observers (a dead-letter table). The dispatcher's watermark, and so the offset confirmed to Telegram, passes the
 * update once the observers are done.
 */
@ApplicationScoped
public class UnreadableUpdates {

    private static final Logger LOG = Logger.getLogger(UnreadableUpdates.class);

    private final Event<UnreadableUpdate> event;
    private final AtomicLong count = new AtomicLong();

    UnreadableUpdates(Event<UnreadableUpdate> event) {
        this.event = event;
    }

    /**
     * Reports the update at once, and returns its delivery to the observers: the synchronous ones on a worker thread
     * (they may block), then the asynchronous ones. Subscribing again (a retry) delivers again; the report is not
     * repeated.
     *
     * @param update the update that could not be read
     * @return completes when every observer has returned; fails with the first observer's failure
     */
    Uni<Void> deliver(UnreadableUpdate update) {
        count.incrementAndGet();
        LOG.warnf("update_id=%d cannot be read: %s at %s. Skipped: the handler does not see it, the offset moves past "
                + "it; observe dev.tgbot.handler.UnreadableUpdate to keep it.", update.updateId(), update.reason(),
                update.path());
        return Uni.createFrom().item(() -> {
            event.fire(update);
            return update;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(fired -> Uni.createFrom().completionStage(() -> event.fireAsync(fired)))
                .replaceWithVoid();
    }

    /** @return updates that could not be read since startup */
    public long count() {
        return count.get();
    }
}
