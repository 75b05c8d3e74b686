package dev.tgbot.handler;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import dev.tgbot.intake.WebhookModeTest;
import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The example bot's flows through the webhook: the emulator delivers each update by POST, as Telegram does. */
@QuarkusTest
@TestProfile(ExampleBotWebhookTest.Profile.class)
@WithTestResource(EmulatorResource.class)
class ExampleBotWebhookTest extends ExampleBotFlows {

    /** Webhook mode, with the example pinned. */
    public static class Profile extends WebhookModeTest.Profile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(super.getConfigOverrides());
            config.putAll(new ExampleProfile().getConfigOverrides());
            return config;
        }
    }

    @BeforeEach
    void webhookSet() {
        Await.until("webhook set", Duration.ofSeconds(10), () -> !EmulatorResource.emulator().webhookUrl().isEmpty());
    }

    @Override
    long chat() {
        return 8102;
    }
}
