package dev.tgbot.handler;

import jakarta.enterprise.context.ApplicationScoped;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.state.Conversation;
import dev.tgbot.state.Conversations;
import io.smallrye.mutiny.Uni;

/**
 * {@link EchoBot} with a conversation: each text comes back as a reply, after the number of texts this conversation
 * has sent ({@code "3: hello"}), kept in its {@link Conversation} (step {@code counting}, data the count). So every
 * update reads and writes the state: what the state benchmark measures, and an {@code UpdateHandler} using
 * {@link Conversations#of}. Chosen only by name: {@code bot.handler=dev.tgbot.handler.CountingEchoBot}.
 */
@ApplicationScoped
public class CountingEchoBot implements UpdateHandler {

    /** The data of the conversation: the texts counted so far. */
    public record Count(long texts) {
    }

    private final BotApiClient api;
    private final Conversations conversations;

    CountingEchoBot(BotApiClient api, Conversations conversations) {
        this.api = api;
        this.conversations = conversations;
    }

    @Override
    public Uni<Void> handle(Update update) {
        Message message = update.getMessage();
        if (message == null || message.getText() == null) {
            return Uni.createFrom().voidItem();
        }
        Conversation conversation = conversations.of(update);
        long count = conversation.data(Count.class).map(Count::texts).orElse(0L) + 1;
        conversation.setStep("counting").setData(new Count(count));
        return api.execute(SendMessage.builder().chatId(message.getChatId()).text(count + ": " + message.getText())
                .replyParameters(new ReplyParameters(message.getMessageId())).build()).replaceWithVoid();
    }
}
