package dev.tgbot.handler;

import jakarta.enterprise.context.ApplicationScoped;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;

import dev.tgbot.client.BotApiClient;
import io.smallrye.mutiny.Uni;

/**
 * The smallest bot, written the low-level way: an {@link UpdateHandler} that sends each text message back as a reply
 * (sendMessage with {@code reply_parameters}) and ignores everything else. It is never chosen by itself
 * ({@link ActiveBot} leaves it out unless named); run it with {@code bot.handler=dev.tgbot.handler.EchoBot}. The engine's tests pin it, and
 * RoutingBenchmark compares it with {@link ExampleBot}'s echo route, to show what routing costs.
 */
@ApplicationScoped
public class EchoBot implements UpdateHandler {

    private final BotApiClient api;

    EchoBot(BotApiClient api) {
        this.api = api;
    }

    @Override
    public Uni<Void> handle(Update update) {
        Message message = update.getMessage();
        if (message == null || message.getText() == null) {
            return Uni.createFrom().voidItem();
        }
        return api.execute(SendMessage.builder().chatId(message.getChatId()).text(message.getText())
                .replyParameters(new ReplyParameters(message.getMessageId())).build()).replaceWithVoid();
    }
}
