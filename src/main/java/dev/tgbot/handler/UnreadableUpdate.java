package dev.tgbot.handler;

/**
 * An update the service received but could not read into the Bot API types (a required field missing, a field of
 * another JSON type than the library expects, such as a {@code date} given as a string or a {@code callback_query}
 * that is no object). The intake does not stop for it: it logs one WARN (update_id, path, reason), counts it in
 * {@code telegram_updates_unreadable_total}, fires this object as a CDI event, then moves the offset past it, so that
 * the rest of the batch goes on in order and a restart does not see it again.
 * <p>
 * To keep such updates (a dead-letter table), observe the event. Synchronous observers ({@code @Observes}) run on a
 * worker thread and may block; asynchronous ones ({@code @ObservesAsync}) run after them. The update is confirmed to
 * Telegram only when every observer has returned (an asynchronous one: completed), and it occupies its place in the
 * order of updates until then, like a handler would. A failing observer counts as a failed handler: retried
 * {@code bot.dispatch.retries} times, then logged, and the intake moves on.
 * <pre>{@code
 * @ApplicationScoped
 * class DeadLetters {
 *     void keep(@Observes UnreadableUpdate update) {
 *         // INSERT INTO dead_letters (update_id, json, reason) VALUES (...)
 *     }
 * }
 * }</pre>
 * {@link #toString()} leaves the JSON out: it may hold a user's message.
 *
 * @param updateId the {@code update_id} of the update
 * @param json the update exactly as received (one element of getUpdates' {@code result}, or a webhook request's
 *        body); it may contain what users wrote: store it as such, never log it
 * @param path where reading failed, as a JSON path such as {@code $.message.chat.type} ({@code $} for the update
 *        itself)
 * @param reason why, in words that quote no value of the update, such as {@code missing or null, but required}
 */
public record UnreadableUpdate(long updateId, String json, String path, String reason) {

    @Override
    public String toString() {
        return "UnreadableUpdate[update_id=" + updateId + ", path=" + path + ", reason=" + reason + "]";
    }
}
