package dev.tgbot.handler;

import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;

import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.intake.BotStarted;
import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;

/**
 * The example bot, the code to copy: its commands go to Telegram's "/" menu at startup; {@code /start} answers with a "Ping" button; pressing it turns that message
 * into "pong"; a photo comes back as a reply with the same caption; {@code /picture} uploads a picture; any other text
 * is echoed as a reply. A {@link DefaultBean}: any other {@link UpdateHandler} bean replaces it.
 */
@DefaultBean
@ApplicationScoped
public class ExampleBot implements UpdateHandler {

    /** The answer to {@code /start}. */
    public static final String GREETING = "Hello! Send me text or a photo and I send it back, /picture for mine. "
            + "Or press the button:";
    /** The callback_data of the "Ping" button. */
    public static final String PING = "ping";
    /** What the message with the button becomes after a press. */
    public static final String PONG = "pong!";

    private static final Logger LOG = Logger.getLogger(ExampleBot.class);

    private final BotApiClient api;

    ExampleBot(BotApiClient api) {
        this.api = api;
    }

    /**
     * Offers the bot's commands in Telegram's "/" menu (setMyCommands), once Telegram agrees with the mode. A failure
     * is logged and changes nothing else: the menu is a nicety.
     */
    void publishCommands(@ObservesAsync BotStarted started) {
        api.execute(SetMyCommands.builder().commands(List.of(new BotCommand("start", "say hello, with a button"),
                new BotCommand("picture", "I send you a picture")))
                .build()).subscribe().with(ok -> { }, e -> LOG.infof("setMyCommands failed: %s", e.getMessage()));
    }

    @Override
    public Uni<Void> handle(Update update) {
        if (update.hasCallbackQuery()) {
            return pressed(update.getCallbackQuery());
        }
        Message message = update.getMessage();
        if (message == null) {
            return Uni.createFrom().voidItem();
        }
        if (message.hasPhoto()) {
            PhotoSize largest = message.getPhoto().stream()
                    .max(Comparator.comparingInt(p -> p.getWidth() * p.getHeight())).orElseThrow();
            return api.execute(SendPhoto.builder().chatId(message.getChatId())
                    .photo(new InputFile(largest.getFileId())).caption(message.getCaption())
                    .replyParameters(new ReplyParameters(message.getMessageId())).build()).replaceWithVoid();
        }
        if (!message.hasText()) {
            return Uni.createFrom().voidItem();
        }
        return switch (command(message.getText())) {
            case "/start" -> api.execute(SendMessage.builder().chatId(message.getChatId()).text(GREETING)
                    .replyMarkup(InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(
                            InlineKeyboardButton.builder().text("Ping").callbackData(PING).build())).build())
                    .build()).replaceWithVoid();
            case "/picture" -> api.execute(SendPhoto.builder().chatId(message.getChatId())
                    .photo(new InputFile(ExampleBot.class.getResourceAsStream("/bot/picture.png"), "picture.png"))
                    .caption("A picture, uploaded").build()).replaceWithVoid();
            default -> api.execute(SendMessage.builder().chatId(message.getChatId()).text(message.getText())
                    .replyParameters(new ReplyParameters(message.getMessageId())).build()).replaceWithVoid();
        };
    }

    private Uni<Void> pressed(CallbackQuery query) {
        Uni<Boolean> answered = api.execute(AnswerCallbackQuery.builder().callbackQueryId(query.getId())
                .text(PING.equals(query.getData()) ? PONG : null).build());
        if (!PING.equals(query.getData()) || query.getMessage() == null) {
            return answered.replaceWithVoid();
        }
        return answered.chain(() -> api.execute(EditMessageText.builder().chatId(query.getMessage().getChatId())
                .messageId(query.getMessage().getMessageId()).text(PONG).build())).replaceWithVoid();
    }

    /** @return {@code /start} for "/start", "/start@my_bot" or "/start payload"; else the text itself */
    static String command(String text) {
        if (!text.startsWith("/")) {
            return text;
        }
        int end = text.length();
        for (char c : new char[] { ' ', '@', '\n' }) {
            int at = text.indexOf(c);
            end = at > 0 ? Math.min(end, at) : end;
        }
        return text.substring(0, end);
    }
}
