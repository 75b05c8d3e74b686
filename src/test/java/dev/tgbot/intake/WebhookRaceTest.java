package dev.tgbot.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Two replicas set the webhook at the same moment: the loser's 409 "terminated by other setWebhook" is retried. */
@QuarkusTest
@TestProfile(WebhookModeTest.Profile.class)
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "fault", value = "setWebhook:409:1"))
class WebhookRaceTest {

    @Test
    void aConcurrentSetWebhookIsRetried() {
        var emulator = EmulatorResource.emulator();
        Await.until("webhook set", Duration.ofSeconds(15), () -> !emulator.webhookUrl().isEmpty());
        assertEquals(2, emulator.callCount("setWebhook"), "one 409, one retry");
    }
}
