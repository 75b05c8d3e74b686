package dev.tgbot.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import dev.tgbot.support.RawUpdates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * Routes end to end through long polling, with {@link RouteTestBot} pinned: commands (aliases, {@code @this_bot},
 * another bot's, arguments), callback data exact and by the longest prefix, content kinds, update kinds, the
 * fallback, parameters by type, each return type, {@link RunOnWorker}, the "/" menu; a bot with a fallback asks for
 * Telegram's default update kinds.
 */
@QuarkusTest
@TestProfile(RoutesTest.Profile.class)
@WithTestResource(EmulatorResource.class)
class RoutesTest {

    /** Pins the route test bot. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.handler", RouteTestBot.class.getName());
        }
    }

    BotApiEmulator emulator;

    @BeforeEach
    void setUp() {
        emulator = EmulatorResource.emulator();
        emulator.clearSent();
        Await.until("polling", Duration.ofSeconds(10), emulator::longPollWaiting);
    }

    @Test
    void aCommandGetsItsArgumentsTheChatAndTheUserWhateverAliasOrAddress() {
        emulator.injectMessage(9001, "/order 3 apples", 55);
        emulator.injectMessage(9001, "/BUY@emulated_bot   two", 55);
        emulator.injectMessage(9001, "/order@another_bot 1", 55);
        emulator.injectMessage(9001, "/unknown thing", 55);
        assertEquals(List.of("order[3 apples] by 55 in 9001", "order[two] by 55 in 9001",
                "text:/order@another_bot 1", "text:/unknown thing"), texts(9001, 4).stream()
                        .map(t -> t.replaceAll(" #\\d+$", "")).toList());
    }

    @Test
    void callbackDataGoesToTheExactRouteThenTheLongestPrefix() {
        emulator.injectUpdate(RawUpdates.callback(9002, "exact"));
        emulator.injectUpdate(RawUpdates.callback(9002, "item:42"));
        emulator.injectUpdate(RawUpdates.callback(9002, "item:special:7"));
        Await.until("three answers", Duration.ofSeconds(10), () -> answers().size() >= 3);
        assertEquals(List.of("exact[] 9002", "item[42]", "special[7] from 9002"), answers());
    }

    @Test
    void contentKindsUpdateKindsAndTheFallbackTakeTheRest() {
        emulator.injectPhoto(9003, "cat", 0);
        emulator.injectUpdate(new JsonObject().put("message", RawUpdates.message(9003)
                .put("location", new JsonObject().put("latitude", 1.5).put("longitude", 2.5))));
        emulator.injectUpdate(new JsonObject().put("edited_message", RawUpdates.message(9003).put("text", "fixed")
                .put("edit_date", 1_700_000_001L)));
        long inline = emulator.injectUpdate(new JsonObject().put("inline_query", new JsonObject().put("id", "iq")
                .put("from", new JsonObject().put("id", 9003).put("is_bot", false).put("first_name", "U"))
                .put("query", "q").put("offset", "")));
        assertEquals(List.of("media", "another message", "edited:fixed"), texts(9003, 3));
        Await.until("the fallback", Duration.ofSeconds(10),
                () -> RouteTestBot.SEEN.contains("fallback " + inline + " chat null"));
    }

    @Test
    void aBlockingRouteRunsOnAWorkerThread() {
        emulator.injectMessage(9004, "/slow");
        assertEquals(List.of("slow done"), texts(9004, 1));
        String seen = RouteTestBot.SEEN.stream().filter(s -> s.startsWith("slow on ")).findFirst().orElseThrow();
        assertTrue(seen.contains("executor-thread"), "a worker thread, not the event loop: " + seen);
    }

    @Test
    void theMenuHasTheDescribedCommandsAndAFallbackMeansTelegramsDefaultKinds() {
        Await.until("the \"/\" menu", Duration.ofSeconds(10), () -> emulator.commands().size() == 1);
        JsonObject command = emulator.commands().getJsonObject(0);
        assertEquals("order", command.getString("command"), "/buy is an alias and /slow has no description: "
                + emulator.commands());
        assertEquals("order something", command.getString("description"));
        assertEquals(List.of(), emulator.allowedUpdates(), "a @Fallback takes everything");
    }

    private List<String> texts(long chat, int count) {
        Await.until(count + " message(s) in chat " + chat, Duration.ofSeconds(10),
                () -> emulator.sent(chat).size() >= count);
        return emulator.sent(chat).stream().map(m -> m.getString("text")).toList();
    }

    private List<String> answers() {
        return emulator.calls().stream().filter(c -> c.getString("method").equals("answercallbackquery"))
                .map(c -> c.getJsonObject("params").getString("text")).toList();
    }
}
