package dev.tgbot.handler;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.client.dto.Message;
import dev.tgbot.client.dto.SendMessageRequest;
import dev.tgbot.client.dto.SendMessageRequest.ReplyParameters;
import dev.tgbot.client.dto.Update;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/**
 * The example bot: {@code /start} gets a greeting; any other text message is sent back to the same chat, exactly
 * as received, as a reply to it. Other updates are ignored. A {@link DefaultBean}: any other {@link UpdateHandler}
 * bean replaces it.
 */
@DefaultBean
@ApplicationScoped
public class EchoBot implements UpdateHandler {

    /** The answer to {@code /start}. */
    public static final String GREETING = "Hello! I am an echo bot: send me any text and I will send it back.";

    private final BotApiClient api;

    EchoBot(BotApiClient api) {
        this.api = api;
    }

    @Override
    public Uni<Void> handle(Update update) {
        Message message = update.message;
        if (message == null || message.text() == null || message.chat() == null) {
            return Uni.createFrom().voidItem();
        }
        String text = message.text();
        boolean start = text.equals("/start") || text.startsWith("/start ") || text.startsWith("/start@");
        String reply = start ? GREETING : text;
        return api.sendMessage(new SendMessageRequest(message.chat().id(), reply,
                new ReplyParameters(message.messageId(), true))).replaceWithVoid();
    }
}
