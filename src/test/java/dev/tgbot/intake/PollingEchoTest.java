package dev.tgbot.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgbot.dispatch.UpdateDispatcher;
import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.Fault;
import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;

/** Polling mode against the emulator: the echo round trip (the echo bot the tests pin, EchoBot), an update of an unknown kind, offset confirmation, readiness. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class PollingEchoTest {

    @Inject
    UpdateDispatcher dispatcher;
    BotApiEmulator emulator;

    @BeforeEach
    void setUp() {
        emulator = EmulatorResource.emulator();
        emulator.clearSent();
    }

    @Test
    void jvmAndSystemMetricsAreBoundOnceTheBotPolls() {
        // Quarkus' own binding is off (application.properties); LateJvmMetrics binds the same meters after the start
        String[] meters = { "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "jvm_info", "process_uptime_seconds", "process_cpu_usage", "system_cpu_count", "process_files_open_files" };
        Await.until("JVM and system metrics", Duration.ofSeconds(10), () -> {
            String metrics = RestAssured.get("/q/metrics").asString();
            return Arrays.stream(meters).allMatch(metrics::contains);
        });
    }

    @Test
    void echoesTextAsAReplyInTheSameChat() {
        long updateId = emulator.injectMessage(4242, "hello, bot");
        Await.until("the echo", Duration.ofSeconds(10), () -> !emulator.sent(4242).isEmpty());
        List<JsonObject> sent = emulator.sent(4242);
        assertEquals(1, sent.size());
        assertEquals("hello, bot", sent.get(0).getString("text"));
        assertTrue(sent.get(0).containsKey("reply_to_message"), "the echo replies to the user's message");
        Await.until("update " + updateId + " confirmed", Duration.ofSeconds(40), () -> emulator.pendingCount() == 0);
    }

    @Test
    void anUpdateOfAKindThisVersionDoesNotKnowReachesTheHandler() {
        assertEquals(List.of(), emulator.allowedUpdates(), "a plain UpdateHandler asks for Telegram's default kinds");
        long before = dispatcher.handledCount();
        Long id = emulator.injectUpdate(new JsonObject().put("kind_from_the_future", new JsonObject()
                .put("chat", new JsonObject().put("id", 78).put("type", "private")).put("stars", 5)));
        assertNotNull(id);
        Await.until("handled", Duration.ofSeconds(10), () -> dispatcher.handledCount() > before);
        Await.until("confirmed", Duration.ofSeconds(40), () -> emulator.pendingCount() == 0);
        assertEquals(0, dispatcher.failedCount(), "no handler failed on it");
    }

    @Test
    void keepsEveryChatInOrderAndHandlesNothingTwice() {
        for (int i = 0; i < 50; i++) {
            for (long chat = 1; chat <= 5; chat++) {
                emulator.injectMessage(1000 + chat, "m" + i);
            }
        }
        Await.until("250 echoes", Duration.ofSeconds(20), () -> emulator.sent().size() >= 250);
        for (long chat = 1; chat <= 5; chat++) {
            List<String> texts = emulator.sent(1000 + chat).stream().map(m -> m.getString("text")).toList();
            assertEquals(50, texts.size(), "chat " + chat + " got every echo exactly once");
            for (int i = 0; i < 50; i++) {
                assertEquals("m" + i, texts.get(i), "chat " + chat + " in order");
            }
        }
    }

    @Test
    void aRateLimitedSendWaitsRetryAfterWithoutBlockingOtherChats() {
        emulator.addFault(Fault.tooManyRequests("sendMessage", 2, 1));
        int before = emulator.callCount("sendMessage");
        emulator.injectMessage(601, "limited");
        Await.until("the 429", Duration.ofSeconds(10), () -> emulator.callCount("sendMessage") > before);
        emulator.injectMessage(602, "other chat");
        Await.until("the other chat's echo", Duration.ofSeconds(10), () -> !emulator.sent(602).isEmpty());
        assertTrue(emulator.sent(601).isEmpty(), "the other chat was answered while the first one waits");
        Await.until("the limited echo", Duration.ofSeconds(10), () -> !emulator.sent(601).isEmpty());
        List<Long> calls = emulator.calls("sendMessage");
        long firstAttempt = calls.get(before);
        long retry = calls.get(calls.size() - 1);
        assertTrue((retry - firstAttempt) / 1_000_000 >= 2000, "the retry waited retry_after=2 s");
    }

    @Test
    void readinessIsUpWhilePolling() {
        Await.until("polling", Duration.ofSeconds(10), emulator::longPollWaiting);
        RestAssured.get("/q/health/ready").then().statusCode(200);
    }
}
