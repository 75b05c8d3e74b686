package dev.tgbot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.InaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

/** The library's mapper as {@link LibraryJson} configures it: messages read straight, callback messages still typed. */
class LibraryJsonTest {

    static final String FROM_CHAT = "\"from\":{\"id\":7,\"is_bot\":false,\"first_name\":\"A\"},"
            + "\"chat\":{\"id\":7,\"type\":\"private\"}";

    @Test
    void anUpdatesMessageIsReadAsAMessageWhateverItsDate() throws Exception {
        // Telegram's order: message_id, from, chat, date. The reply quotes a message.
        Update update = LibraryJson.mapper().readValue("{\"update_id\":5,\"message\":{\"message_id\":3," + FROM_CHAT
                + ",\"date\":1700000000,\"text\":\"hi\",\"reply_to_message\":{\"message_id\":2," + FROM_CHAT
                + ",\"date\":1699999999,\"text\":\"earlier\"},\"future_field\":1}}", Update.class);
        assertEquals("hi", update.getMessage().getText());
        assertEquals(7L, update.getMessage().getChatId());
        assertEquals("earlier", update.getMessage().getReplyToMessage().getText());
        // With the library's own rule, date 0 in a field declared as Message names an InaccessibleMessage, which
        // that field cannot hold: the whole update failed to parse.
        Update zero = LibraryJson.mapper().readValue("{\"update_id\":6,\"message\":{\"message_id\":4," + FROM_CHAT
                + ",\"date\":0,\"text\":\"zero\"}}", Update.class);
        assertEquals("zero", zero.getMessage().getText());
    }

    @Test
    void aCallbackQuerysMessageKeepsTheLibrarysRule() throws Exception {
        String query = "{\"update_id\":7,\"callback_query\":{\"id\":\"q\",\"from\":{\"id\":7,\"is_bot\":false,"
                + "\"first_name\":\"A\"},\"chat_instance\":\"c\",\"data\":\"ping\",\"message\":{\"message_id\":9,"
                + "\"chat\":{\"id\":7,\"type\":\"private\"},\"date\":%d%s}}}";
        Update inaccessible = LibraryJson.mapper().readValue(String.format(query, 0, ""), Update.class);
        assertInstanceOf(InaccessibleMessage.class, inaccessible.getCallbackQuery().getMessage());
        Update accessible = LibraryJson.mapper().readValue(String.format(query, 1700000000, ",\"text\":\"Ping\""),
                Update.class);
        assertInstanceOf(Message.class, accessible.getCallbackQuery().getMessage());
        assertEquals("Ping", ((Message) accessible.getCallbackQuery().getMessage()).getText());
    }

    @Test
    void theLibrarysOwnParsingUsesTheSameMapper() throws Exception {
        LibraryJson.mapper();
        Message sent = SendMessage.builder().chatId(7L).text("x").build().deserializeResponse("{\"ok\":true,"
                + "\"result\":{\"message_id\":10," + FROM_CHAT + ",\"date\":0,\"text\":\"x\"}}");
        assertEquals(10, sent.getMessageId());
        String written = LibraryJson.mapper().writeValueAsString(sent);
        assertTrue(written.contains("\"date\":0") && written.contains("\"message_id\":10"), written);
    }
}
