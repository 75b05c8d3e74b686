package dev.tgbot.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.vertx.core.json.JsonObject;

/**
 * The example bot's flows end to end against the emulator, as README's "Write your own bot" promises them:
 * {@code /start} with a "Ping" button, the button press turning that message into "pong", a photo sent back as a
 * reply with its caption, {@code /picture} uploaded as a new file, any other text echoed; {@code allowed_updates}
 * and the "/" menu derived from its routes. Run in both intake modes by the subclasses, with the example pinned
 * ({@link ExampleProfile}).
 */
abstract class ExampleBotFlows {

    BotApiEmulator emulator;

    /** A chat of its own per test class, so that the modes' runs never mix. */
    abstract long chat();

    @BeforeEach
    void setUp() {
        emulator = EmulatorResource.emulator();
        emulator.clearSent();
    }

    @Test
    void startShowsAPingButtonAndPressingItTurnsTheMessageIntoPong() {
        emulator.injectMessage(chat(), "/start");
        JsonObject greeting = awaitSent(1).get(0);
        assertEquals(ExampleBot.GREETING, greeting.getString("text"));
        JsonObject button = greeting.getJsonObject("reply_markup").getJsonArray("inline_keyboard").getJsonArray(0)
                .getJsonObject(0);
        assertEquals("Ping", button.getString("text"));
        assertEquals("ping", button.getString("callback_data"));

        Long update = emulator.injectCallbackQuery(chat(), greeting.getLong("message_id"), "ping", 0);
        assertNotNull(update, "the button belongs to a message of the bot");
        Await.until("pong", Duration.ofSeconds(10),
                () -> emulator.sent(chat()).get(0).getString("text").contains("pong"));
        JsonObject answer = emulator.calls().stream().filter(c -> c.getString("method").equals("answercallbackquery"))
                .findFirst().orElseThrow();
        assertTrue(answer.getJsonObject("params").getString("callback_query_id").startsWith("cbq-"),
                "the query was answered with its id");
        JsonObject edit = emulator.calls().stream().filter(c -> c.getString("method").equals("editmessagetext"))
                .findFirst().orElseThrow().getJsonObject("params");
        assertEquals(String.valueOf(chat()), edit.getString("chat_id"));
        assertEquals(greeting.getLong("message_id"), Long.valueOf(edit.getValue("message_id").toString()));
    }

    @Test
    void aPhotoComesBackAsAReplyWithTheLargestSizeAndTheSameCaption() {
        emulator.injectPhoto(chat(), "my cat", 0);
        JsonObject reply = awaitSent(1).get(0);
        assertEquals("my cat", reply.getString("caption"));
        assertTrue(reply.getJsonArray("photo").getJsonObject(0).getString("file_id").startsWith("user-file-large"),
                "sent by the file_id of the largest size: " + reply);
        assertNotNull(reply.getJsonObject("reply_to_message"), "as a reply");
        JsonObject call = emulator.calls().stream().filter(c -> c.getString("method").equals("sendphoto"))
                .findFirst().orElseThrow();
        assertTrue(!call.containsKey("files"), "a file_id goes as JSON, nothing uploaded");
    }

    @Test
    void pictureUploadsTheBundledPngAsANewFile() throws Exception {
        emulator.injectMessage(chat(), "/picture");
        JsonObject picture = awaitSent(1).get(0);
        assertEquals("A picture, uploaded", picture.getString("caption"));
        JsonObject upload = emulator.calls().stream().filter(c -> c.getString("method").equals("sendphoto"))
                .findFirst().orElseThrow().getJsonArray("files").getJsonObject(0);
        assertEquals("photo", upload.getString("name"));
        assertEquals("picture.png", upload.getString("file_name"));
        try (InputStream png = ExampleBot.class.getResourceAsStream("/bot/picture.png")) {
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png.readAllBytes())),
                    upload.getString("sha256"), "the bytes arrived intact (multipart)");
        }
    }

    @Test
    void otherTextIsEchoedAsAReply() {
        long update = emulator.injectMessage(chat(), "hello there");
        JsonObject echo = awaitSent(1).get(0);
        assertEquals("hello there", echo.getString("text"));
        assertNotNull(echo.getJsonObject("reply_to_message"), "as a reply (update " + update + ")");
    }

    @Test
    void asksTelegramOnlyForTheKindsItsRoutesTakeAndPublishesItsMenu() {
        Await.until("allowed_updates sent", Duration.ofSeconds(10), () -> !emulator.allowedUpdates().isEmpty());
        assertEquals(List.of("message", "callback_query"), emulator.allowedUpdates());
        assertNull(emulator.injectUpdate(new JsonObject().put("edited_message", new JsonObject())),
                "Telegram would not send an edited_message: no route takes it");
        Await.until("the \"/\" menu", Duration.ofSeconds(10), () -> emulator.commands().size() == 4);
        assertEquals(List.of("cancel", "order", "picture", "start"), emulator.commands().stream()
                .map(c -> ((JsonObject) c).getString("command")).toList());
    }

    @Test
    void orderIsAConversationWhoseAnswersAreNotEchoedAndTextIsEchoedAgainAfterIt() {
        emulator.injectMessage(chat(), "/order");
        assertEquals("What name is the order for?", awaitSent(1).get(0).getString("text"));
        emulator.injectMessage(chat(), "Alice");
        assertEquals("How many for Alice?", awaitSent(2).get(1).getString("text"));
        emulator.injectMessage(chat(), "a few");
        assertEquals("Please send a number, such as 3.", awaitSent(3).get(2).getString("text"));
        emulator.injectMessage(chat(), "3");
        assertEquals("Order: 3 for Alice", awaitSent(4).get(3).getString("text"));
        emulator.injectMessage(chat(), "3");
        JsonObject echo = awaitSent(5).get(4);
        assertEquals("3", echo.getString("text"));
        assertNotNull(echo.getJsonObject("reply_to_message"), "after the conversation, text is echoed again");
    }

    @Test
    void cancelEndsTheConversationAtAnyStepWithAReply() {
        emulator.injectMessage(chat(), "/cancel");
        assertEquals("Nothing to cancel.", awaitSent(1).get(0).getString("text"));
        emulator.injectMessage(chat(), "/order");
        emulator.injectMessage(chat(), "Bob");
        assertEquals("How many for Bob?", awaitSent(3).get(2).getString("text"));
        emulator.injectMessage(chat(), "/cancel");
        assertEquals("Cancelled.", awaitSent(4).get(3).getString("text"));
        emulator.injectMessage(chat(), "5");
        assertEquals("5", awaitSent(5).get(4).getString("text"), "echoed: no conversation any more");
    }

    @Test
    void twoUsersInOneChatHaveConversationsOfTheirOwn() {
        emulator.injectMessage(chat(), "/order", 501);
        awaitSent(1);
        emulator.injectMessage(chat(), "not in a conversation", 502);
        assertEquals("not in a conversation", awaitSent(2).get(1).getString("text"), "user 502 is echoed");
        emulator.injectMessage(chat(), "Carol", 501);
        assertEquals("How many for Carol?", awaitSent(3).get(2).getString("text"));
        emulator.injectMessage(chat(), "/cancel", 501);
        awaitSent(4);
    }

    @Test
    void twoChatsInterleavedKeepTheirOwnOrders() {
        long other = chat() + 1000;
        emulator.clearSent();
        emulator.injectMessage(chat(), "/order");
        emulator.injectMessage(other, "/order");
        emulator.injectMessage(other, "Dora");
        emulator.injectMessage(chat(), "Eve");
        emulator.injectMessage(chat(), "1");
        emulator.injectMessage(other, "2");
        Await.until("both orders", Duration.ofSeconds(10),
                () -> emulator.sent(chat()).size() >= 3 && emulator.sent(other).size() >= 3);
        assertEquals("Order: 1 for Eve", emulator.sent(chat()).get(2).getString("text"));
        assertEquals("Order: 2 for Dora", emulator.sent(other).get(2).getString("text"));
    }

    @Test
    void aCommandForAnotherBotIsPlainTextAndADeepLinkPayloadStillStarts() {
        emulator.injectMessage(chat(), "/start@some_other_bot");
        assertEquals("/start@some_other_bot", awaitSent(1).get(0).getString("text"), "echoed, not greeted");
        emulator.injectMessage(chat(), "/start ref-42");
        assertEquals(ExampleBot.GREETING, awaitSent(2).get(1).getString("text"));
    }

    List<JsonObject> awaitSent(int count) {
        Await.until(count + " message(s) from the bot", Duration.ofSeconds(10),
                () -> emulator.sent(chat()).size() >= count);
        return emulator.sent(chat());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
