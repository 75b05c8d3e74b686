package dev.tgbot.handler;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
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
import dev.tgbot.config.BotSettings;
import dev.tgbot.pacing.BroadcastOutcome;
import dev.tgbot.pacing.BroadcastReport;
import dev.tgbot.pacing.Broadcaster;
import dev.tgbot.route.Args;
import dev.tgbot.route.Callback;
import dev.tgbot.route.ChatId;
import dev.tgbot.route.Command;
import dev.tgbot.route.Content;
import dev.tgbot.route.ContentKind;
import dev.tgbot.route.OnUpdate;
import dev.tgbot.route.Step;
import dev.tgbot.route.UpdateKind;
import dev.tgbot.state.Conversation;
import dev.tgbot.state.Conversations;
import dev.tgbot.state.StateStore;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The example bot, the code to copy: {@code /start} answers with a "Ping" button; pressing it turns that message into
 * "pong!"; a photo comes back as a reply with the same caption; {@code /picture} uploads a picture; {@code /order} is a
 * conversation (a name, then a quantity, then "Order: 3 for Alice"; {@code /cancel} ends it at any step); any other
 * text is echoed as a reply. Its commands are the "/" menu. It remembers the private chats that sent {@code /start} (in
 * the state store: PostgreSQL with {@code bot.state.store=postgresql}), and {@code /broadcast <text>} from an admin
 * ({@code bot.example.admins}, comma-separated chat ids) sends the text to each of them. A {@link DefaultBean}: it steps aside as soon as the
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

    /** The state store's set of the private chats that sent {@code /start}: who a broadcast goes to. */
    public static final String SUBSCRIBERS = "example.subscribers";

    private static final Logger LOG = Logger.getLogger(ExampleBot.class);

    private final BotApiClient api;
    private final Broadcaster broadcaster;
    private final StateStore store;
    private final Set<Long> admins;

    ExampleBot(BotApiClient api, Broadcaster broadcaster, Conversations conversations, BotSettings settings) {
        this.api = api;
        this.broadcaster = broadcaster;
        this.store = conversations.store();
        this.admins = Set.copyOf(settings.config().example().admins().orElse(List.of()));
    }

    @Command(value = "start", description = "say hello, with a button")
    Uni<Void> start(Message message) {
        SendMessage hello = SendMessage.builder().chatId(message.getChatId()).text(GREETING)
                .replyMarkup(InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(
                        InlineKeyboardButton.builder().text("Ping").callbackData(PING).build())).build())
                .build();
        Uni<Boolean> remembered = message.getChat().isUserChat()
                ? store.addMember(SUBSCRIBERS, message.getChatId()) : Uni.createFrom().item(false);
        return remembered.chain(added -> api.execute(hello)).replaceWithVoid();
    }

    /**
     * {@code /broadcast <text>} from a chat in {@code bot.example.admins}: sends the text to every private chat that
     * sent {@code /start}, at Telegram's pace and behind the replies ({@link Broadcaster}); when the last chat has its
     * outcome the admin gets "Broadcast delivered to N chats". Not in the "/" menu (no description). Chats that
     * blocked the bot or are gone leave the set. The broadcast runs after this update's handling ends, in this
     * process: a restart meanwhile stops it (the chats not reached yet do not get it).
     */
    @Command("broadcast")
    SendMessage broadcast(@ChatId long chatId, @Args String text) {
        if (!admins.contains(chatId)) {
            return SendMessage.builder().chatId(chatId).text("Only the admins in bot.example.admins can broadcast.")
                    .build();
        }
        if (text.isEmpty()) {
            return SendMessage.builder().chatId(chatId).text("Send /broadcast followed by the text to send.").build();
        }
        Broadcaster.report(broadcaster.send(store.members(SUBSCRIBERS),
                chat -> SendMessage.builder().chatId(chat).text(text).build())
                .onItem().call(outcome -> outcome.status() == BroadcastOutcome.Status.BLOCKED
                        || outcome.status() == BroadcastOutcome.Status.CHAT_NOT_FOUND
                                ? store.removeMember(SUBSCRIBERS, outcome.chatId()).onFailure().recoverWithNull()
                                : Uni.createFrom().voidItem()))
                .chain(report -> api.execute(SendMessage.builder().chatId(chatId).text(summary(report)).build()))
                .subscribe().with(sent -> { }, e -> LOG.warnf("The broadcast of chat %d failed: %s", chatId, e));
        return SendMessage.builder().chatId(chatId).text("Broadcasting to everyone who sent /start…").build();
    }

    static String summary(BroadcastReport report) {
        StringBuilder text = new StringBuilder("Broadcast delivered to ").append(report.reached())
                .append(report.reached() == 1 ? " chat" : " chats");
        if (report.blocked() + report.chatNotFound() > 0) {
            text.append("; ").append(report.blocked() + report.chatNotFound()).append(" blocked the bot or are gone");
        }
        if (report.failed() > 0) {
            text.append("; ").append(report.failed()).append(" failed");
        }
        return text.toString();
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
