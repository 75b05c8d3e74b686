package dev.tgbot.intake;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgbot.config.BotSettings;
import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.support.Await;
import dev.tgbot.support.DeadLetterRecorder;
import dev.tgbot.support.EmulatorResource;
import dev.tgbot.support.FreePort;
import dev.tgbot.support.RawUpdates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Webhook mode: setWebhook verified at startup, real delivery from the emulator, and the endpoint's answers. */
@QuarkusTest
@TestProfile(WebhookModeTest.Profile.class)
@WithTestResource(EmulatorResource.class)
public class WebhookModeTest {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    public static class Profile implements QuarkusTestProfile {
        static final int PORT = FreePort.find();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.mode", "webhook", "quarkus.http.test-port", String.valueOf(PORT),
                    "bot.webhook.url", "http://127.0.0.1:" + PORT + "/telegram/webhook",
                    "bot.webhook.max-body-size", "65536");
        }
    }

    @Inject
    DeadLetterRecorder deadLetters;

    BotApiEmulator emulator;
    String secret = BotSettings.deriveSecret(EmulatorResource.TOKEN);

    @BeforeEach
    void setUp() {
        emulator = EmulatorResource.emulator();
        Await.until("webhook set", Duration.ofSeconds(10), () -> !emulator.webhookUrl().isEmpty());
        emulator.clearSent();
    }

    @Test
    void setsTheWebhookWithTheDerivedSecretAndVerifiesIt() {
        assertEquals("http://127.0.0.1:" + Profile.PORT + "/telegram/webhook", emulator.webhookUrl());
        assertEquals(secret, emulator.webhookSecret(), "the secret token is derived from the token");
        assertTrue(!secret.contains(EmulatorResource.TOKEN.substring(7)), "never the token itself");
        Await.until("verified with getWebhookInfo", Duration.ofSeconds(5),
                () -> emulator.callCount("getWebhookInfo") >= 1);
        assertEquals(0, emulator.callCount("getUpdates"), "webhook mode never polls");
    }

    @Test
    void echoesThroughRealWebhookDelivery() {
        emulator.injectMessage(5151, "via webhook");
        Await.until("the echo", Duration.ofSeconds(10), () -> !emulator.sent(5151).isEmpty());
        assertEquals("via webhook", emulator.sent(5151).get(0).getString("text"));
        Await.until("delivered and removed", Duration.ofSeconds(5), () -> emulator.pendingCount() == 0);
    }

    @Test
    void missingOrWrongSecretIs401() {
        String update = update(9001, 1, "x");
        given().body(update).contentType("application/json").post("/telegram/webhook").then().statusCode(401);
        given().body(update).contentType("application/json").header(SECRET_HEADER, secret + "x")
                .post("/telegram/webhook").then().statusCode(401);
        given().body(update).contentType("application/json").header(SECRET_HEADER, "")
                .post("/telegram/webhook").then().statusCode(401);
        assertTrue(emulator.sent(1).isEmpty(), "nothing handled");
    }

    @Test
    void malformedJsonIs400AndSaysSo() {
        given().body("{\"update_id\": 12, \"message\": {").contentType("application/json")
                .header(SECRET_HEADER, secret).post("/telegram/webhook").then().statusCode(400)
                .body(equalTo("not a Telegram Update: the body is not JSON"));
        given().body("[1,2,3]").contentType("application/json").header(SECRET_HEADER, secret)
                .post("/telegram/webhook").then().statusCode(400)
                .body(equalTo("not a Telegram Update: the body is JSON but has no update_id"));
        given().body("{\"message\":{\"text\":\"no update_id\"}}").contentType("application/json")
                .header(SECRET_HEADER, secret).post("/telegram/webhook").then().statusCode(400)
                .body(equalTo("not a Telegram Update: the body is JSON but has no update_id"));
    }

    @Test
    void anUnreadableUpdateIsKeptAnswered200AndTheNextOnesGoOn() {
        int before = deadLetters.kept().size();
        String unreadable = RawUpdates.dateAsString(3434).put("update_id", 9004).encode();
        given().body(unreadable).contentType("application/json").header(SECRET_HEADER, secret)
                .post("/telegram/webhook").then().statusCode(200);
        assertEquals(before + 1, deadLetters.kept().size(), "observed before the 200");
        assertEquals(9004L, deadLetters.kept().get(before).updateId());
        assertEquals("$.message.date", deadLetters.kept().get(before).path());
        given().body(unreadable).contentType("application/json").header(SECRET_HEADER, secret)
                .post("/telegram/webhook").then().statusCode(200);
        assertEquals(before + 1, deadLetters.kept().size(), "a re-delivery is not kept twice");
        given().body(update(9005, 3434, "after it")).contentType("application/json").header(SECRET_HEADER, secret)
                .post("/telegram/webhook").then().statusCode(200);
        assertEquals("after it", emulator.sent(3434).get(0).getString("text"));
    }

    @Test
    void unreadableUpdatesDeliveredByTelegramAreRemovedFromItsQueue() {
        int before = deadLetters.kept().size();
        emulator.injectMessage(5252, "one");
        long bad = emulator.injectUpdate(RawUpdates.chatWithoutType(5252));
        emulator.injectMessage(5252, "two");
        Await.until("both echoes", Duration.ofSeconds(10), () -> emulator.sent(5252).size() >= 2);
        Await.until("delivered and removed", Duration.ofSeconds(10), () -> emulator.pendingCount() == 0);
        assertEquals(List.of("one", "two"), emulator.sent(5252).stream().map(m -> m.getString("text")).toList());
        assertEquals(bad, deadLetters.kept().get(before).updateId());
    }

    @Test
    void oversizeBodyIs413() {
        String big = update(9002, 2, "y".repeat(70_000));
        given().body(big).contentType("application/json").header(SECRET_HEADER, secret)
                .post("/telegram/webhook").then().statusCode(413);
    }

    @Test
    void aValidUpdateIsHandledBeforeThe200AndADuplicateIsHandledOnce() {
        String body = update(9003, 3333, "once");
        given().body(body).contentType("application/json").header(SECRET_HEADER, secret)
                .post("/telegram/webhook").then().statusCode(200);
        assertEquals(1, emulator.sent(3333).size(), "the handler finished before the answer");
        given().body(body).contentType("application/json").header(SECRET_HEADER, secret)
                .post("/telegram/webhook").then().statusCode(200);
        assertEquals(1, emulator.sent(3333).size(), "a re-delivery is not handled again");
    }

    static String update(long updateId, long chat, String text) {
        return "{\"update_id\":" + updateId + ",\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":" + chat
                + ",\"type\":\"private\"},\"from\":{\"id\":" + chat + ",\"is_bot\":false,\"first_name\":\"U\"},"
                + "\"text\":\"" + text + "\",\"some_future_field\":{\"a\":1}}}";
    }
}
