package dev.tgbot.route;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgbot.client.BotApiClient;
import io.smallrye.mutiny.Uni;

/** A bot made of every kind of route, for {@link RoutesTest} (pinned there with {@code bot.handler}). */
@ApplicationScoped
public class RouteTestBot {

    /** What the void routes saw, in order. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    private final BotApiClient api;

    RouteTestBot(BotApiClient api) {
        this.api = api;
    }

    @Command(value = { "order", "buy" }, description = "order something")
    SendMessage order(@ChatId long chat, @UserId Long user, @Args String args, Message message) {
        return SendMessage.builder().chatId(chat).text("order[" + args + "] by " + user + " in " + message.getChatId())
                .build();
    }

    @Command("slow")
    @RunOnWorker
    void slow(@ChatId long chat, BotApiClient client) {
        SEEN.add("slow on " + Thread.currentThread().getName());
        client.execute(SendMessage.builder().chatId(chat).text("slow done").build()).await().indefinitely();
    }

    @Callback("exact")
    AnswerCallbackQuery exact(CallbackQuery query, @Args String args, @ChatId long chat) {
        return AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text("exact[" + args + "] " + chat)
                .build();
    }

    @Callback(prefix = "item:")
    AnswerCallbackQuery item(CallbackQuery query, @Args String args) {
        return AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text("item[" + args + "]").build();
    }

    @Callback(prefix = "item:special:")
    AnswerCallbackQuery special(CallbackQuery query, @Args String args, User user) {
        return AnswerCallbackQuery.builder().callbackQueryId(query.getId())
                .text("special[" + args + "] from " + user.getId()).build();
    }

    @Content({ ContentKind.PHOTO, ContentKind.DOCUMENT })
    SendMessage media(Message message) {
        return SendMessage.builder().chatId(message.getChatId()).text("media").build();
    }

    @Content(ContentKind.TEXT)
    Uni<Void> text(Message message, Update update) {
        return api.execute(SendMessage.builder().chatId(message.getChatId())
                .text("text:" + message.getText() + " #" + update.getUpdateId()).build()).replaceWithVoid();
    }

    @OnUpdate(UpdateKind.EDITED_MESSAGE)
    SendMessage edited(Message message) {
        return SendMessage.builder().chatId(message.getChatId()).text("edited:" + message.getText()).build();
    }

    @OnUpdate(UpdateKind.MESSAGE)
    SendMessage otherMessage(@ChatId Long chat) {
        return SendMessage.builder().chatId(chat).text("another message").build();
    }

    @Fallback
    void rest(Update update, @ChatId Long chat) {
        SEEN.add("fallback " + update.getUpdateId() + " chat " + chat);
    }
}
