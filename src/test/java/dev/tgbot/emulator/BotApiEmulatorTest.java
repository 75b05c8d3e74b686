package dev.tgbot.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;
import dev.tgbot.support.BotApiCaller;
import dev.tgbot.support.BotApiCaller.Answer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The emulator follows bot-api-notes.md: the rules the service relies on and the tests build upon. */
class BotApiEmulatorTest {

    static final String TOKEN = "654321:TEST-fake-emulator-token";

    Vertx vertx;
    BotApiEmulator emulator;
    BotApiCaller bot;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        emulator = BotApiEmulator.start(vertx, TOKEN, EmulatorOptions.local().withRetryDelayScale(0.05), 0);
        bot = new BotApiCaller(emulator.url(), TOKEN);
    }

    @AfterEach
    void stop() {
        emulator.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    static JsonObject params(Object... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    @Test
    void errorEnvelopeForTokensAndMethods() throws Exception {
        Answer malformed = new BotApiCaller(emulator.url(), "0123:abc").call("getMe", params());
        assertEquals(401, malformed.status());
        assertEquals("Unauthorized: invalid token specified", malformed.description());
        assertEquals(401, malformed.json().getInteger("error_code"));
        Answer unknown = new BotApiCaller(emulator.url(), "777:not-this-bot").call("getMe", params());
        assertEquals("Unauthorized", unknown.description());
        Answer method = bot.call("noSuchMethod", params());
        assertEquals(404, method.status());
        assertEquals("Not Found: method not found", method.description());
        Answer caseInsensitive = bot.get("GETME");
        assertEquals(200, caseInsensitive.status());
        assertEquals(654321L, caseInsensitive.json().getJsonObject("result").getLong("id"));
    }

    @Test
    void offsetConfirmsLowerIdsAndReturnsTheOneAtOffset() throws Exception {
        long first = emulator.injectMessage(1, "a");
        emulator.injectMessage(1, "b");
        emulator.injectMessage(1, "c");
        JsonArray all = bot.call("getUpdates", params()).json().getJsonArray("result");
        assertEquals(3, all.size(), "offset absent starts at the earliest unconfirmed update");
        JsonArray fromSecond = bot.call("getUpdates", params("offset", first + 1)).json().getJsonArray("result");
        assertEquals(first + 1, fromSecond.getJsonObject(0).getLong("update_id"), "the update at offset is returned");
        assertEquals(2, emulator.pendingCount(), "ids below the offset are confirmed");
        bot.call("getUpdates", params("offset", -1));
        assertEquals(1, emulator.pendingCount(), "offset -N keeps the newest N");
    }

    @Test
    void limitAndTimeoutAreClampedNotRejected() throws Exception {
        for (int i = 0; i < 120; i++) {
            emulator.injectMessage(2, "m" + i);
        }
        assertEquals(100, bot.call("getUpdates", params("limit", 500)).json().getJsonArray("result").size());
        Thread.sleep(600);
        Answer zero = bot.get("getUpdates?limit=0&offset=1");
        assertEquals(200, zero.status());
        assertEquals(1, zero.json().getJsonArray("result").size(), "limit 0 is clamped to 1");
        Answer negativeTimeout = bot.call("getUpdates", params("timeout", -5, "offset", 999_999_999));
        assertEquals(200, negativeTimeout.status());
    }

    @Test
    void aSecondLongPollEvictsTheFirstWith409() throws Exception {
        CompletableFuture<Answer> first = bot.callAsync("getUpdates", params("timeout", 10));
        Await.until("first poll waiting", Duration.ofSeconds(5), emulator::longPollWaiting);
        CompletableFuture<Answer> second = bot.callAsync("getUpdates", params("timeout", 10, "offset", 5));
        Answer evicted = first.get(5, TimeUnit.SECONDS);
        assertEquals(409, evicted.status());
        assertEquals("Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
                + "running", evicted.description());
        emulator.injectMessage(3, "wakes the second");
        assertEquals(200, second.get(5, TimeUnit.SECONDS).status(), "the new poll holds the slot");
    }

    @Test
    void anImmediateAnswerEvictsNobody() throws Exception {
        CompletableFuture<Answer> waiting = bot.callAsync("getUpdates", params("timeout", 3));
        Await.until("poll waiting", Duration.ofSeconds(5), emulator::longPollWaiting);
        assertEquals(200, bot.call("getUpdates", params("timeout", 0, "offset", 77)).status());
        assertTrue(emulator.longPollWaiting(), "a timeout-0 call leaves the waiting poll alone");
        assertEquals(200, waiting.get(6, TimeUnit.SECONDS).status());
    }

    @Test
    void onlyOne409Per3SecondsIsAnsweredAtOnce() throws Exception {
        List<Long> answeredAfterMs = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        CompletableFuture<Answer> a = bot.callAsync("getUpdates", params("timeout", 20));
        Await.until("a waiting", Duration.ofSeconds(5), emulator::longPollWaiting);
        CompletableFuture<Answer> b = bot.callAsync("getUpdates", params("timeout", 20, "offset", 2));
        a.thenRun(() -> answeredAfterMs.add((System.nanoTime() - t0) / 1_000_000));
        assertEquals(409, a.get(5, TimeUnit.SECONDS).status());
        Thread.sleep(100);
        long t1 = System.nanoTime();
        CompletableFuture<Answer> c = bot.callAsync("getUpdates", params("timeout", 20, "offset", 3));
        assertEquals(409, b.get(10, TimeUnit.SECONDS).status());
        long delayMs = (System.nanoTime() - t1) / 1_000_000;
        assertTrue(delayMs >= 2500, "the second 409 within 3 s is delayed by 3 s, came after " + delayMs + " ms");
        emulator.injectMessage(1, "end c");
        assertEquals(200, c.get(5, TimeUnit.SECONDS).status());
    }

    @Test
    void getUpdatesWhileAWebhookIsSetIs409() throws Exception {
        assertEquals(200, bot.call("setWebhook", params("url", "https://example.org/hook")).status());
        Answer answer = bot.call("getUpdates", params());
        assertEquals(409, answer.status());
        assertEquals("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
                + "the webhook first", answer.description());
    }

    @Test
    void setWebhookEndsAWaitingLongPoll() throws Exception {
        CompletableFuture<Answer> waiting = bot.callAsync("getUpdates", params("timeout", 20));
        Await.until("poll waiting", Duration.ofSeconds(5), emulator::longPollWaiting);
        emulator.setWebhookAsOtherParty("https://other.example/hook", null);
        Answer answer = waiting.get(5, TimeUnit.SECONDS);
        assertEquals(409, answer.status());
        assertEquals("Conflict: terminated by setWebhook request", answer.description());
    }

    @Test
    void antiBusyLoopForcesLimitOneForTheSameOffsetWithinHalfASecond() throws Exception {
        long first = emulator.injectMessage(4, "a");
        emulator.injectMessage(4, "b");
        assertEquals(2, bot.call("getUpdates", params("offset", first)).json().getJsonArray("result").size());
        assertEquals(1, bot.call("getUpdates", params("offset", first)).json().getJsonArray("result").size());
    }

    @Test
    void webhookValidationFollowsTelegram() throws Exception {
        BotApiEmulator strict = BotApiEmulator.start(vertx, TOKEN, EmulatorOptions.realistic(), 0);
        try {
            BotApiCaller caller = new BotApiCaller(strict.url(), TOKEN);
            assertEquals("Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
                    caller.call("setWebhook", params("url", "http://example.org/hook")).description());
            assertEquals("Bad Request: secret token contains unallowed characters",
                    caller.call("setWebhook", params("url", "https://example.org/h", "secret_token", "a b")).description());
            assertEquals("Bad Request: secret token is too long", caller.call("setWebhook",
                    params("url", "https://example.org/h", "secret_token", "a".repeat(257))).description());
            Answer set = caller.call("setWebhook", params("url", "https://example.org/h"));
            assertEquals("Webhook was set", set.json().getString("description"));
            Answer tooSoon = caller.call("setWebhook", params("url", "https://example.org/other"));
            assertEquals(429, tooSoon.status());
            assertEquals(1, tooSoon.json().getJsonObject("parameters").getInteger("retry_after"));
            assertEquals("1", tooSoon.retryAfterHeader());
            assertEquals("Webhook was deleted", caller.call("deleteWebhook", params()).json().getString("description"));
            assertEquals("Webhook is already deleted",
                    caller.call("deleteWebhook", params()).json().getString("description"));
        } finally {
            strict.close();
        }
    }

    @Test
    void webhookDeliveryIsOrderedPerChatParallelAcrossChatsAndRetriedAfterFailures() throws Exception {
        Map<Long, List<String>> received = new HashMap<>();
        Map<Long, Integer> inFlight = new HashMap<>();
        int[] maxPerChat = { 0 };
        int[] failuresLeft = { 3 };
        List<String> secrets = Collections.synchronizedList(new ArrayList<>());
        HttpServer hook = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            JsonObject update = body.toJsonObject();
            long chat = update.getJsonObject("message").getJsonObject("chat").getLong("id");
            secrets.add(req.getHeader("X-Telegram-Bot-Api-Secret-Token"));
            synchronized (received) {
                int now = inFlight.merge(chat, 1, Integer::sum);
                maxPerChat[0] = Math.max(maxPerChat[0], now);
                if (chat == 2 && failuresLeft[0]-- > 0) {
                    inFlight.merge(chat, -1, Integer::sum);
                    req.response().setStatusCode(503).setStatusMessage("Service Unavailable").end();
                    return;
                }
            }
            vertx.setTimer(5, t -> {
                synchronized (received) {
                    received.computeIfAbsent(chat, c -> new ArrayList<>())
                            .add(update.getJsonObject("message").getString("text"));
                    inFlight.merge(chat, -1, Integer::sum);
                }
                req.response().setStatusCode(200).end();
            });
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        for (int i = 0; i < 20; i++) {
            emulator.injectMessage(1, "one-" + i);
            emulator.injectMessage(2, "two-" + i);
        }
        bot.call("setWebhook", params("url", "http://127.0.0.1:" + hook.actualPort() + "/hook", "secret_token",
                "s3cret_token"));
        Await.until("all delivered", Duration.ofSeconds(20), () -> emulator.pendingCount() == 0);
        for (long chat = 1; chat <= 2; chat++) {
            List<String> texts = received.get(chat);
            assertEquals(20, texts.size());
            for (int i = 0; i < 20; i++) {
                assertEquals((chat == 1 ? "one-" : "two-") + i, texts.get(i), "chat " + chat + " in order");
            }
        }
        assertEquals(1, maxPerChat[0], "one update at a time per chat");
        assertTrue(secrets.stream().allMatch("s3cret_token"::equals), "secret header on every delivery");
        JsonObject info = bot.call("getWebhookInfo", params()).json().getJsonObject("result");
        assertEquals("Wrong response from the webhook: 503 Service Unavailable", info.getString("last_error_message"));
        assertFalse(info.getString("url").isEmpty());
        hook.close();
    }

    @Test
    void faultsAreInjectedForTheNextCalls() throws Exception {
        emulator.addFault(Fault.tooManyRequests("getMe", 7, 1));
        Answer limited = bot.call("getMe", params());
        assertEquals(429, limited.status());
        assertEquals(7, limited.json().getJsonObject("parameters").getInteger("retry_after"));
        assertEquals("7", limited.retryAfterHeader());
        emulator.addFault(Fault.of("getMe", Fault.Kind.HTML, 1));
        Answer html = bot.call("getMe", params());
        assertEquals(502, html.status());
        assertTrue(html.body().startsWith("<html>"));
        assertEquals(200, bot.call("getMe", params()).status());
        emulator.revokeToken();
        assertEquals("Unauthorized", bot.call("getMe", params()).description());
    }

    @Test
    void sendMessageIsRecordedAndAllowedUpdatesFilterNewUpdates() throws Exception {
        Answer sent = bot.call("sendMessage", params("chat_id", 9, "text", "hi", "reply_parameters",
                new JsonObject().put("message_id", 3)));
        assertEquals(200, sent.status());
        assertEquals("hi", emulator.sent(9).get(0).getString("text"));
        assertEquals(3, emulator.sent(9).get(0).getJsonObject("reply_to_message").getInteger("message_id"));
        assertEquals("Bad Request: message text is empty", bot.call("sendMessage", params("chat_id", 9)).description());
        bot.call("getUpdates", params("allowed_updates", new JsonArray().add("callback_query")));
        assertEquals(-1, emulator.injectMessage(9, "filtered"));
        assertEquals(0, emulator.pendingCount());
    }

    // ------------------------------------------------------------------ what the emulator page builds on

    @Test
    void theConversationHasTheUsersAndTheBotsMessagesInOrderAndAReplyQuotesTheUsersText() throws Exception {
        emulator.injectMessage(42, "hello");
        long userMessage = emulator.conversation(42, 10).get(0).getLong("message_id");
        bot.call("sendMessage", params("chat_id", 42, "text", "hello back", "reply_parameters",
                new JsonObject().put("message_id", userMessage)));
        emulator.injectMessage(43, "elsewhere");
        List<JsonObject> chat = emulator.conversation(42, 10);
        assertEquals(List.of("hello", "hello back"), chat.stream().map(m -> m.getString("text")).toList());
        assertFalse(chat.get(0).getJsonObject("from").getBoolean("is_bot"));
        assertTrue(chat.get(1).getJsonObject("from").getBoolean("is_bot"));
        assertEquals("hello", chat.get(1).getJsonObject("reply_to_message").getString("text"),
                "the bot's reply quotes the user's message, as Telegram sends it");
        assertEquals(1, emulator.conversation(42, 1).size(), "the latest only");
        assertEquals("hello back", emulator.conversation(42, 1).get(0).getString("text"));
    }

    @Test
    void requestsAreLoggedWithTheirStatusWithoutTheToken() throws Exception {
        bot.call("getMe", params());
        emulator.addFault(new Fault("sendMessage", Fault.Kind.STATUS, 502, 0, 1));
        long before = emulator.changes();
        bot.call("sendMessage", params("chat_id", 1, "text", "x"));
        Await.until("the request logged", Duration.ofSeconds(2), () -> emulator.lastRequests().size() >= 2);
        List<JsonObject> requests = emulator.lastRequests();
        assertEquals("getMe", requests.get(0).getString("method"));
        assertEquals(200, requests.get(0).getInteger("status"));
        assertEquals(502, requests.get(1).getInteger("status"));
        assertTrue(emulator.changes() > before, "a request is a change the page shows");
        assertFalse(new JsonArray(requests).encode().contains(TOKEN.substring(TOKEN.indexOf(':'))), "no token");
    }

    @Test
    void theOtherPollerEvictsTheBotsLongPollAndStopsOnRequest() throws Exception {
        CompletableFuture<Answer> waiting = bot.callAsync("getUpdates", params("timeout", 20));
        Await.until("the bot's long poll waits", Duration.ofSeconds(5), emulator::longPollWaiting);
        emulator.startRoguePoller(emulator.url(), Duration.ofSeconds(30));
        Answer evicted = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(409, evicted.status());
        assertEquals("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                evicted.description());
        assertTrue(emulator.roguePolling());
        Await.until("the other poller's request logged as such", Duration.ofSeconds(10),
                () -> emulator.lastRequests().stream().anyMatch(r -> r.getBoolean("rogue")));
        long id = emulator.injectMessage(5, "not taken away");
        emulator.stopRoguePoller();
        assertFalse(emulator.roguePolling());
        Thread.sleep(300);
        JsonArray updates = bot.call("getUpdates", params("timeout", 0)).json().getJsonArray("result");
        assertTrue(updates.stream().anyMatch(u -> ((JsonObject) u).getLong("update_id") == id),
                "the other poller never confirms: it takes nothing away");
    }

    @Test
    void aReloadKeepsTheConversationButNotWhatTheLabCaused() throws Exception {
        emulator.injectMessage(42, "remember me");
        emulator.setWebhookAsOtherParty("https://elsewhere.example/hook", null);
        emulator.revokeToken();
        JsonObject saved = emulator.snapshot();
        BotApiEmulator next = new BotApiEmulator(vertx, TOKEN, EmulatorOptions.local());
        try {
            next.restore(saved);
            assertEquals("remember me", next.conversation(42, 10).get(0).getString("text"));
            assertEquals("", next.webhookUrl(), "a webhook set by another party is not carried over");
            assertFalse(next.tokenRevoked(), "nor is the revocation: the restart starts clean");
        } finally {
            next.close();
        }
    }

    @Test
    void aPhotoWithItsBytesIsServedBackForThePage() throws Exception {
        java.nio.file.Path picture = java.nio.file.Files.createTempFile("emulator-photo", ".png");
        try (var in = BotApiEmulatorTest.class.getResourceAsStream("/bot/picture.png")) {
            java.nio.file.Files.copy(in, picture, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        emulator.injectPhoto(42, "cat", 0, picture);
        JsonArray sizes = emulator.conversation(42, 1).get(0).getJsonArray("photo");
        String fileId = sizes.getJsonObject(1).getString("file_id");
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.url()
                + "/emulator/files/" + fileId)).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(java.util.Arrays.equals(java.nio.file.Files.readAllBytes(picture), response.body()));
        var unknown = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.url()
                + "/emulator/files/no-such-file")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode());
    }
}
