package dev.tgbot.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgbot.config.BotConfigValidator.InvalidBotConfigException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Invalid configuration fails with a message that names the property and never shows the token. */
class BotConfigValidatorTest {

    static final String TOKEN = "123456:TEST-fake-token-for-tests-only";

    static BotConfig config(String... kv) {
        Map<String, String> props = new HashMap<>();
        props.put("bot.token", TOKEN);
        for (int i = 0; i < kv.length; i += 2) {
            props.put(kv[i], kv[i + 1]);
        }
        SmallRyeConfig config = builder().withSources(new PropertiesConfigSource(props, "test", 500)).build();
        return config.getConfigMapping(BotConfig.class);
    }

    /** Quarkus' own Duration format ({@code 10s}) as the application reads it. */
    static SmallRyeConfigBuilder builder() {
        return new SmallRyeConfigBuilder().withMapping(BotConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter());
    }

    static String problem(String... kv) {
        return assertThrows(InvalidBotConfigException.class, () -> BotConfigValidator.validate(config(kv), true))
                .getMessage();
    }

    @Test
    void defaultsAreValid() {
        BotConfig config = config();
        assertDoesNotThrow(() -> BotConfigValidator.validate(config, true));
        assertEquals(BotConfig.Mode.POLLING, config.mode());
        assertEquals(30, config.polling().timeout());
        assertEquals(100, config.polling().limit());
        assertEquals(40, config.webhook().maxConnections());
        assertEquals("/telegram/webhook", config.webhook().path());
        assertFalse(config.dropPendingUpdates());
        assertTrue(config.polling().takeOverWebhook());
    }

    @Test
    void aMalformedTokenNamesThePropertyButNotTheToken() {
        String message = problem("bot.token", "not-a-token-secretpart");
        assertTrue(message.contains("bot.token"), message);
        assertFalse(message.contains("secretpart"), message);
    }

    @Test
    void webhookModeNeedsAUrl() {
        assertTrue(problem("bot.mode", "webhook").contains("bot.webhook.url"));
        assertTrue(problem("bot.mode", "webhook", "bot.webhook.url", "not a url").contains("bot.webhook.url"));
    }

    @Test
    void numbersOutOfRangeNameTheirProperty() {
        assertTrue(problem("bot.polling.timeout", "51").contains("bot.polling.timeout must be between 1 and 50"));
        assertTrue(problem("bot.polling.timeout", "0").contains("bot.polling.timeout"));
        assertTrue(problem("bot.polling.limit", "101").contains("bot.polling.limit"));
        assertTrue(problem("bot.webhook.max-connections", "0").contains("bot.webhook.max-connections"));
    }

    @Test
    void aBadSecretTokenNamesItsProperty() {
        assertTrue(problem("bot.webhook.secret-token", "has spaces").contains("bot.webhook.secret-token"));
        assertTrue(problem("bot.webhook.secret-token", "x".repeat(257)).contains("bot.webhook.secret-token"));
        assertTrue(problem("bot.webhook.secret-token", "TEST-fake-token-for-tests-only")
                .contains("must not be (part of) the bot token"));
    }

    @Test
    void aMissingTokenIsAnErrorUnlessOffOrTheEmulatorProvidesOne() {
        SmallRyeConfig c = builder().build();
        BotConfig noToken = c.getConfigMapping(BotConfig.class);
        assertTrue(assertThrows(InvalidBotConfigException.class, () -> BotConfigValidator.validate(noToken, true))
                .getMessage().contains("TELEGRAM_BOT_TOKEN"));
        assertDoesNotThrow(() -> BotConfigValidator.validate(noToken, false));
    }

    @Test
    void theDerivedSecretIsStableValidAndNotTheToken() {
        String secret = BotSettings.deriveSecret(TOKEN);
        assertEquals(secret, BotSettings.deriveSecret(TOKEN), "every replica derives the same secret");
        assertTrue(BotConfigValidator.SECRET.matcher(secret).matches());
        assertFalse(secret.contains("TEST-fake"));
        assertFalse(secret.equals(BotSettings.deriveSecret("123456:another-fake-token")));
    }

    @Test
    void leaseSettingsAreCheckedByName() {
        assertEquals(BotConfig.LockKind.FILE, config().lock().kind());
        assertEquals(Duration.ofSeconds(10), config().lock().leaseDuration());
        assertDoesNotThrow(() -> BotConfigValidator.validate(config("bot.lock.kind", "postgresql",
                "bot.lock.table", "bots.telegram_lease", "bot.lock.lease-name", "my-bot-1"), true));
        assertTrue(problem("bot.lock.lease-duration", "1s").contains("bot.lock.lease-duration must be between 2s"));
        assertTrue(problem("bot.lock.table", "lease; drop table x").contains("bot.lock.table must be a plain SQL "
                + "name"));
        assertTrue(problem("bot.lock.lease-name", "My_Bot").contains("bot.lock.lease-name must be a DNS label"));
        assertTrue(assertThrows(InvalidBotConfigException.class, () -> BotConfigValidator.validate(config(
                "bot.lock.kind", "postgresql"), true, false)).getMessage().contains("quarkus.datasource.reactive.url"));
        assertDoesNotThrow(() -> BotConfigValidator.validate(config("bot.lock.kind", "postgresql", "bot.mode",
                "webhook", "bot.webhook.url", "https://bot.example/hook"), true, false), "webhook mode needs no lease");
        RuntimeException unknown = assertThrows(RuntimeException.class,
                () -> config("bot.lock.kind", "redis").lock().kind());
        assertTrue(unknown.getMessage().contains("bot.lock.kind"), "an unknown kind names the property: "
                + unknown.getMessage());
    }
}
