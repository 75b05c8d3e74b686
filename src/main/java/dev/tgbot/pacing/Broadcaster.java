package dev.tgbot.pacing;

import java.io.Serializable;
import java.util.function.LongFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.client.TelegramApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends one Bot API method per chat over a stream of chat ids, at Telegram's pace and behind the replies
 * ({@link SendPacer}, bulk), reporting each chat as it goes:
 * <pre>{@code
 * broadcaster.send(Multi.createFrom().iterable(chatIds),
 *         chat -> SendMessage.builder().chatId(chat).text("News!").build())
 *     .subscribe().with(outcome -> ...);          // or: broadcaster.report(...) for the counts
 * }</pre>
 * The chat ids are pulled as the sends go ({@value #IN_FLIGHT} at most in flight), so memory stays bounded whatever
 * their number (a million ids from a database cursor). Cancelling the subscription stops the broadcast: no chat id is
 * pulled after it, and only the sends already under way (at most {@value #IN_FLIGHT}) still go. A group that became a supergroup (400 with {@code migrate_to_chat_id}) is sent to once more, at the new id.
 */
@ApplicationScoped
public class Broadcaster {

    /** Sends in flight at once: enough to keep the overall rate busy while answers travel. */
    public static final int IN_FLIGHT = 64;

    private final BotApiClient api;

    Broadcaster(BotApiClient api) {
        this.api = api;
    }

    /**
     * @param chatIds the chats, in the order to send
     * @param message the method to send to a chat, given its id (called again with the new id after a migration)
     * @param <T> the method's result type
     * @return one outcome per chat id, as they finish (not necessarily in the order of the ids)
     */
    public <T extends Serializable> Multi<BroadcastOutcome> send(Multi<Long> chatIds,
            LongFunction<? extends PartialBotApiMethod<T>> message) {
        return chatIds.onItem().transformToUni(chat -> one(chat, message)).merge(IN_FLIGHT);
    }

    private <T extends Serializable> Uni<BroadcastOutcome> one(long chat,
            LongFunction<? extends PartialBotApiMethod<T>> message) {
        return api.executeBulk(message.apply(chat))
                .map(result -> new BroadcastOutcome(chat, BroadcastOutcome.Status.DELIVERED, chat, 0, null))
                .onFailure(TelegramApiException.class).recoverWithUni(e -> {
                    TelegramApiException failure = (TelegramApiException) e;
                    if (failure.migrateToChatId().isPresent()) {
                        long to = failure.migrateToChatId().get();
                        return api.executeBulk(message.apply(to))
                                .map(r -> new BroadcastOutcome(chat, BroadcastOutcome.Status.MIGRATED, to, 0, null))
                                .onFailure(TelegramApiException.class).recoverWithItem(again -> failed(chat,
                                        (TelegramApiException) again));
                    }
                    return Uni.createFrom().item(failed(chat, failure));
                })
                .onFailure().recoverWithItem(e -> new BroadcastOutcome(chat, BroadcastOutcome.Status.FAILED, null, 0,
                        String.valueOf(e.getMessage())));
    }

    private static BroadcastOutcome failed(long chat, TelegramApiException e) {
        BroadcastOutcome.Status status = e.errorCode() == 403 ? BroadcastOutcome.Status.BLOCKED
                : e.errorCode() == 400 && String.valueOf(e.description()).toLowerCase(java.util.Locale.ROOT)
                        .contains("chat not found") ? BroadcastOutcome.Status.CHAT_NOT_FOUND
                        : BroadcastOutcome.Status.FAILED;
        return new BroadcastOutcome(chat, status, null, e.errorCode(), e.description());
    }

    /**
     * @param outcomes the outcomes of {@link #send}, not yet subscribed
     * @return the counts once every chat has its outcome
     */
    public static Uni<BroadcastReport> report(Multi<BroadcastOutcome> outcomes) {
        long start = System.nanoTime();
        long[] counts = new long[BroadcastOutcome.Status.values().length];
        return outcomes.onItem().invoke(o -> counts[o.status().ordinal()]++).collect().last()
                .map(last -> new BroadcastReport(counts[0], counts[1], counts[2], counts[3], counts[4],
                        (System.nanoTime() - start) / 1e9));
    }
}
