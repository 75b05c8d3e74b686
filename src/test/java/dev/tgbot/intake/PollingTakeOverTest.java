package dev.tgbot.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Polling startup finds a webhook left by another deployment and takes over (bot.polling.take-over-webhook=true). */
@QuarkusTest
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "webhook",
        value = "https://old-deployment.example/hook"))
class PollingTakeOverTest {

    @Test
    void deletesTheWebhookThenPolls() {
        var emulator = EmulatorResource.emulator();
        Await.until("polling", Duration.ofSeconds(10), emulator::longPollWaiting);
        assertEquals("", emulator.webhookUrl());
        assertEquals(1, emulator.callCount("deleteWebhook"));
        emulator.injectMessage(31, "after take-over");
        Await.until("the echo", Duration.ofSeconds(10), () -> !emulator.sent(31).isEmpty());
    }
}
