package dev.tgbot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tgbot.handler.UnreadableUpdate;
import dev.tgbot.support.RawUpdates;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Each update is read on its own: one the Bot API types cannot hold costs the others nothing. */
class UpdateReaderTest {

    @Test
    void unreadableUpdatesKeepTheirPlaceTheirJsonAndAReasonWithoutContent() {
        JsonArray result = new JsonArray()
                .add(RawUpdates.text(7, "first").put("update_id", 11))
                .add(RawUpdates.chatWithoutType(7).put("update_id", 12))
                .add(RawUpdates.dateAsString(7).put("update_id", 13))
                .add(RawUpdates.callbackQueryNotAnObject().put("update_id", 14))
                .add(RawUpdates.text(7, "second").put("update_id", 15));
        String answer = new JsonObject().put("ok", true).put("result", result).encode();

        List<IncomingUpdate> read = UpdateReader.readGetUpdates("getUpdates", answer);

        assertEquals(List.of(11L, 12L, 13L, 14L, 15L), read.stream().map(IncomingUpdate::updateId).toList());
        assertEquals("first", read.get(0).update().getMessage().getText());
        assertEquals("second", read.get(4).update().getMessage().getText());
        UnreadableUpdate noType = read.get(1).unreadable();
        assertEquals("$.message.chat.type", noType.path());
        assertEquals("missing or null, but required", noType.reason());
        assertEquals(result.getJsonObject(1), new JsonObject(noType.json()), "the update's JSON exactly as received");
        assertEquals("$.message.date", read.get(2).unreadable().path());
        assertEquals("a string where Integer is expected", read.get(2).unreadable().reason());
        assertEquals("$.callback_query", read.get(3).unreadable().path());
        assertEquals("a string where CallbackQuery is expected", read.get(3).unreadable().reason());
        for (IncomingUpdate u : read.subList(1, 4)) {
            assertNull(u.update());
            assertFalse(u.unreadable().reason().contains(RawUpdates.CONTENT), u.unreadable().reason());
            assertFalse(u.unreadable().toString().contains(RawUpdates.CONTENT), "toString leaves the JSON out");
            assertTrue(u.unreadable().json().contains(RawUpdates.CONTENT), "the JSON is kept whole");
        }
    }

    @Test
    void anHtmlPageOrJsonThatIsNoEnvelopeIsAnOutage() {
        for (String answer : new String[] { "<html><body>Sign in</body></html>", "{\"status\":\"ok\"}",
                "{\"ok\":true,\"result\":{\"update_id\":1}}", "{\"ok\":true,\"result\":[{\"update_id\":1,", "" }) {
            TelegramApiException e = assertThrows(TelegramApiException.class,
                    () -> UpdateReader.readGetUpdates("getUpdates", answer), answer);
            assertEquals(TelegramApiException.Kind.TRANSIENT, e.kind(), answer);
            assertTrue(e.getMessage().contains("no Bot API envelope"), e.getMessage());
        }
    }

    @Test
    void elementsWithoutUpdateIdAreLeftOut() {
        String answer = "{\"ok\":true,\"result\":[42,{\"message\":{\"chat\":\"x\"}},{\"update_id\":5}]}";
        List<IncomingUpdate> read = UpdateReader.readGetUpdates("getUpdates", answer);
        assertEquals(1, read.size());
        assertEquals(5L, read.get(0).updateId());
        assertNotNull(read.get(0).update(), "an update of a kind this version does not know is readable");
    }

    @Test
    void aWebhookBodyIsAnUpdateAnUnreadableUpdateOrSaysWhatItIsNot() throws Exception {
        assertNotNull(UpdateReader.readWebhook(bytes(RawUpdates.text(3, "hi").put("update_id", 21))).update());
        UnreadableUpdate unreadable = UpdateReader.readWebhook(bytes(RawUpdates.dateAsString(3).put("update_id", 22)))
                .unreadable();
        assertEquals(22L, unreadable.updateId());
        assertEquals("$.message.date", unreadable.path());
        assertEquals("$.callback_query", UpdateReader.readWebhook(
                bytes(RawUpdates.callbackQueryNotAnObject().put("update_id", 23))).unreadable().path());

        for (String notJson : new String[] { "", "{\"update_id\": 12, \"message\": {", "<html>" }) {
            assertEquals(UpdateReader.NOT_JSON, assertThrows(UpdateReader.NotAnUpdate.class,
                    () -> UpdateReader.readWebhook(notJson.getBytes(StandardCharsets.UTF_8))).getMessage());
        }
        for (String noId : new String[] { "[1,2,3]", "{\"message\":{\"text\":\"x\"}}", "{\"update_id\":\"abc\"}",
                "{\"update_id\":0}", "null", "{\"update_id\":\"x\",\"callback_query\":\"y\"}" }) {
            assertEquals(UpdateReader.NO_UPDATE_ID, assertThrows(UpdateReader.NotAnUpdate.class,
                    () -> UpdateReader.readWebhook(noId.getBytes(StandardCharsets.UTF_8)), noId).getMessage());
        }
    }

    private static byte[] bytes(JsonObject json) {
        return json.encode().getBytes(StandardCharsets.UTF_8);
    }
}
