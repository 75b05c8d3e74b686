package dev.tgbot.handler;

import org.telegram.telegrambots.meta.api.objects.Update;
import io.smallrye.mutiny.Uni;

/**
 * The bot's logic, the low-level way: called once per update, by both intake modes. Implement it as a CDI bean
 * ({@code @ApplicationScoped}); the example {@link ExampleBot} steps aside as soon as the application has its own
 * bot. Most bots are easier to write with routes ({@code dev.tgbot.route}); beside routes, an {@code UpdateHandler}
 * gets the updates no route matched ({@link ActiveBot} says how the bot is chosen).
 * <p>
 * Updates of one chat (or of one user, for updates without a chat) reach {@code handle} one at a time, in
 * {@code update_id} order: the next one waits until the returned {@code Uni} completes. Different chats run
 * concurrently. The method runs on a Vert.x event loop: it must not block; move blocking work off the loop with
 * {@code Uni.createFrom().item(...).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())}.
 * <p>
 * A failed {@code Uni} (or a thrown exception) is retried {@code bot.dispatch.retries} times, then logged with the
 * {@code update_id}; the chat moves on and the intake never stops.
 * <p>
 * One-time calls at startup (such as setChatMenuButton) go into an observer of {@link dev.tgbot.intake.BotStarted}. A
 * bot made only of an {@code UpdateHandler} has its "/" menu left as it is (its commands are unknown).
 */
public interface UpdateHandler {

    /**
     * @param update one update; never null
     * @return completes when the update is fully handled (its replies sent)
     */
    Uni<Void> handle(Update update);
}
