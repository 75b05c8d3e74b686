package dev.tgbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgbot.config.BotConfigValidator.InvalidBotConfigException;
import io.smallrye.config.PropertiesConfigSource;

/** What {@link BotSettings} derives from {@link BotConfig}. */
class BotSettingsTest {

    static BotSettings settings(Map<String, String> props) {
        BotConfig config = BotConfigValidatorTest.builder().withSources(new PropertiesConfigSource(props, "test", 500))
                .build().getConfigMapping(BotConfig.class);
        return new BotSettings(config, 8080);
    }

    @Test
    void offModeStartsWithoutAToken() {
        // bot.mode=off is the one mode that needs no token; it used to fail at startup with "Empty key" (HMAC)
        BotSettings settings = settings(Map.of("bot.mode", "off"));
        assertEquals("", settings.token());
        assertEquals("", settings.secretToken());
    }

    @Test
    void theSecretTokenIsDerivedFromTheTokenUnlessSet() {
        String token = BotConfigValidatorTest.TOKEN;
        assertEquals(BotSettings.deriveSecret(token), settings(Map.of("bot.token", token)).secretToken());
        assertEquals("set-by-the-operator",
                settings(Map.of("bot.token", token, "bot.webhook.secret-token", "set-by-the-operator")).secretToken());
    }

    @Test
    void pollingStillNeedsAToken() {
        InvalidBotConfigException e = assertThrows(InvalidBotConfigException.class,
                () -> settings(Map.of("bot.mode", "polling")));
        assertTrue(e.getMessage().contains("bot.token"), e.getMessage());
    }
}
