package dev.tgbot.support;

import jakarta.enterprise.context.ApplicationScoped;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.handler.UpdateHandler;
import io.smallrye.mutiny.Uni;

/**
 * The engine's tests' own bot (pinned by {@code %test.bot.handler}): a plain {@link UpdateHandler} that echoes a
 * message's text as a reply in the same chat and does nothing else. So those tests never depend on the bot in
 * {@code src/main}, and they cover the low-level handler, which asks Telegram for its default update kinds.
 */
@ApplicationScoped
public class EchoTestBot implements UpdateHandler {

    private final BotApiClient api;

    EchoTestBot(BotApiClient api) {
        this.api = api;
    }

    @Override
    public Uni<Void> handle(Update update) {
        Message message = update.getMessage();
        if (message == null || !message.hasText()) {
            return Uni.createFrom().voidItem();
        }
        return api.execute(SendMessage.builder().chatId(message.getChatId()).text(message.getText())
                .replyParameters(new ReplyParameters(message.getMessageId())).build()).replaceWithVoid();
    }
}
