package dev.tgbot.handler;

import java.util.Comparator;

import jakarta.enterprise.context.ApplicationScoped;

import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.route.Callback;
import dev.tgbot.route.ChatId;
import dev.tgbot.route.Command;
import dev.tgbot.route.Content;
import dev.tgbot.route.ContentKind;
import dev.tgbot.route.OnUpdate;
import dev.tgbot.route.Step;
import dev.tgbot.route.UpdateKind;
import dev.tgbot.state.Conversation;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The example bot, the code to copy: {@code /start} answers with a "Ping" button; pressing it turns that message into
 * "pong!"; a photo comes back as a reply with the same caption; {@code /picture} uploads a picture; {@code /order} is a
 * conversation (a name, then a quantity, then "Order: 3 for Alice"; {@code /cancel} ends it at any step); any other
 * text is echoed as a reply. Its commands are the "/" menu. A {@link DefaultBean}: it steps aside as soon as the
 * application has routes or an {@link UpdateHandler} of its own ({@link ActiveBot}).
 */
@DefaultBean
@ApplicationScoped
public class ExampleBot {

    /** The answer to {@code /start}. */
    public static final String GREETING = "Hello! Send me text or a photo and I send it back, /picture for mine. "
            + "Or press the button:";
    /** The callback_data of the "Ping" button. */
    public static final String PING = "ping";
    /** What the message with the button becomes after a press. */
    public static final String PONG = "pong!";

    /** The order being taken, kept in the conversation between its steps. */
    @RegisterForReflection
    public record Order(String name) {
    }

    private final BotApiClient api;

    ExampleBot(BotApiClient api) {
        this.api = api;
    }

    @Command(value = "start", description = "say hello, with a button")
    SendMessage start(@ChatId long chatId) {
        return SendMessage.builder().chatId(chatId).text(GREETING)
                .replyMarkup(InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(
                        InlineKeyboardButton.builder().text("Ping").callbackData(PING).build())).build())
                .build();
    }

    @Command(value = "picture", description = "I send you a picture")
    SendPhoto picture(@ChatId long chatId) {
        return SendPhoto.builder().chatId(chatId)
                .photo(new InputFile(ExampleBot.class.getResourceAsStream("/bot/picture.png"), "picture.png"))
                .caption("A picture, uploaded").build();
    }

    @Command(value = "order", description = "order something: I ask for a name and a quantity")
    SendMessage order(@ChatId long chatId, Conversation conversation) {
        conversation.setStep("name").setData(null);
        return SendMessage.builder().chatId(chatId).text("What name is the order for?").build();
    }

    @Step("name")
    @Content(ContentKind.TEXT)
    SendMessage name(Message message, Conversation conversation) {
        String name = message.getText().strip();
        conversation.setStep("quantity").setData(new Order(name));
        return SendMessage.builder().chatId(message.getChatId()).text("How many for " + name + "?").build();
    }

    @Step("quantity")
    @Content(ContentKind.TEXT)
    SendMessage quantity(Message message, Conversation conversation) {
        String text = message.getText().strip();
        if (!text.matches("[1-9][0-9]{0,5}")) {
            return SendMessage.builder().chatId(message.getChatId()).text("Please send a number, such as 3.")
                    .build();
        }
        String name = conversation.data(Order.class).map(Order::name).orElse("you");
        conversation.end();
        return SendMessage.builder().chatId(message.getChatId()).text("Order: " + text + " for " + name).build();
    }

    @Command(value = "cancel", description = "stop the order I am taking")
    SendMessage cancel(@ChatId long chatId, Conversation conversation) {
        boolean active = conversation.isActive();
        conversation.end();
        return SendMessage.builder().chatId(chatId).text(active ? "Cancelled." : "Nothing to cancel.").build();
    }

    @Callback(PING)
    Uni<Void> ping(CallbackQuery query) {
        Uni<Boolean> answered = api.execute(AnswerCallbackQuery.builder().callbackQueryId(query.getId())
                .text(PONG).build());
        if (query.getMessage() == null) {
            return answered.replaceWithVoid();
        }
        return answered.chain(() -> api.execute(EditMessageText.builder().chatId(query.getMessage().getChatId())
                .messageId(query.getMessage().getMessageId()).text(PONG).build())).replaceWithVoid();
    }

    /** Any other button: answered, so it stops spinning. */
    @OnUpdate(UpdateKind.CALLBACK_QUERY)
    AnswerCallbackQuery otherButton(CallbackQuery query) {
        return AnswerCallbackQuery.builder().callbackQueryId(query.getId()).build();
    }

    @Content(ContentKind.PHOTO)
    SendPhoto photo(Message message) {
        PhotoSize largest = message.getPhoto().stream()
                .max(Comparator.comparingInt(p -> p.getWidth() * p.getHeight())).orElseThrow();
        return SendPhoto.builder().chatId(message.getChatId()).photo(new InputFile(largest.getFileId()))
                .caption(message.getCaption()).replyParameters(new ReplyParameters(message.getMessageId())).build();
    }

    @Content(ContentKind.TEXT)
    SendMessage echo(Message message) {
        return SendMessage.builder().chatId(message.getChatId()).text(message.getText())
                .replyParameters(new ReplyParameters(message.getMessageId())).build();
    }
}
