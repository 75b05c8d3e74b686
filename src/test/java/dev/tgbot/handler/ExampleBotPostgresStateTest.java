package dev.tgbot.handler;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.tgbot.support.EmulatorResource;
import dev.tgbot.support.TestPostgres;

/**
 * The example bot's flows (the conversation, {@code /cancel}, two chats interleaved, ...) through long polling with
 * {@code bot.state.store=postgresql} on a real PostgreSQL: the same answers as with the memory store.
 */
@QuarkusTest
@TestProfile(ExampleBotPostgresStateTest.PostgresState.class)
@WithTestResource(EmulatorResource.class)
class ExampleBotPostgresStateTest extends ExampleBotFlows {

    /** The example pinned, its conversations in a table of its own. */
    public static class PostgresState implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.handler", ExampleBot.class.getName(), "bot.state.store", "postgresql",
                    "bot.state.table", "state_" + UUID.randomUUID().toString().substring(0, 8),
                    "quarkus.datasource.reactive.url", TestPostgres.reactiveUrl(),
                    "quarkus.datasource.username", "postgres");
        }
    }

    @Override
    long chat() {
        return 8301;
    }
}
