package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the packaged service does at startup when something is wrong: clear message, named property, exit code. */
class StartupExitIT {

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    @Test
    void aRevokedTokenExits77WithTheBotFatherHintAndGetMeIsNotRetried() {
        env.emulator.revokeToken();
        try (ServiceProcess service = env.start()) {
            assertEquals(77, service.awaitExit(Duration.ofSeconds(30)));
            assertTrue(service.output().contains("@BotFather"), service.output());
            assertTrue(service.output().contains("UNAUTHORIZED"), service.output());
            assertEquals(1, env.emulator.callCount("getMe"), "401 is never retried");
            assertEquals(0, env.emulator.callCount("getUpdates"));
        }
    }

    @Test
    void invalidConfigurationFailsStartupNamingTheProperty() {
        try (ServiceProcess service = env.start("bot.polling.timeout", "99", "bot.webhook.secret-token", "bad secret")) {
            assertEquals(1, service.awaitExit(Duration.ofSeconds(30)));
            assertTrue(service.output().contains("bot.polling.timeout must be between 1 and 50"), service.output());
            assertTrue(service.output().contains("bot.webhook.secret-token"), service.output());
            assertEquals(0, env.emulator.callCount("getMe"), "nothing is sent with a wrong configuration");
        }
    }

    @Test
    void aPostgresqlLeaseWithoutADatabaseFailsStartupNamingTheProperty() {
        try (ServiceProcess service = env.start("bot.lock.kind", "postgresql")) {
            assertEquals(1, service.awaitExit(Duration.ofSeconds(30)));
            assertTrue(service.output().contains("quarkus.datasource.reactive.url"), service.output());
            assertEquals(0, env.emulator.callCount("getUpdates"));
        }
    }

    @Test
    void webhookModeWithoutUrlFailsStartupNamingTheProperty() {
        try (ServiceProcess service = env.start("bot.mode", "webhook")) {
            assertEquals(1, service.awaitExit(Duration.ofSeconds(30)));
            assertTrue(service.output().contains("bot.webhook.url (TELEGRAM_WEBHOOK_URL) is required"),
                    service.output());
        }
    }

    @Test
    void pollingKeepsAForeignWebhookWhenTakeOverIsOffAndExits78NamingIt() {
        env.emulator.setWebhookAsOtherParty("https://prod.example/telegram/webhook", null);
        try (ServiceProcess service = env.start("bot.polling.take-over-webhook", "false")) {
            assertEquals(78, service.awaitExit(Duration.ofSeconds(30)));
            assertTrue(service.output().contains("https://prod.example/telegram/webhook"), service.output());
            assertTrue(service.output().contains("bot.polling.take-over-webhook"), service.output());
        }
        assertEquals("https://prod.example/telegram/webhook", env.emulator.webhookUrl(), "the webhook is kept");
        assertEquals(0, env.emulator.callCount("deleteWebhook"));
    }

    @Test
    void aWrongApiUrlExits78() {
        try (ServiceProcess service = ServiceProcess.start(env.emulator.url() + "/not-the-api", env.lockDir,
                java.util.Map.of())) {
            assertEquals(78, service.awaitExit(Duration.ofSeconds(30)));
            assertTrue(service.output().contains("bot.api-url"), service.output());
        }
    }
}
