package dev.tgbot.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tgbot.support.Await;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/** bot.mode=off: a web-only replica never touches the webhook or the updates. */
@QuarkusTest
@TestProfile(OffModeTest.Profile.class)
@WithTestResource(value = EmulatorResource.class, initArgs = @ResourceArg(name = "webhook",
        value = "https://the-real-deployment.example/hook"))
class OffModeTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bot.mode", "off");
        }
    }

    @Test
    void leavesTheWebhookAndThePendingUpdatesAlone() throws InterruptedException {
        var emulator = EmulatorResource.emulator();
        emulator.injectMessage(1, "for the real deployment");
        Await.until("ready", Duration.ofSeconds(10),
                () -> RestAssured.get("/q/health/ready").statusCode() == 200);
        Thread.sleep(500);
        assertEquals("https://the-real-deployment.example/hook", emulator.webhookUrl());
        for (String changing : new String[] { "setWebhook", "deleteWebhook", "getUpdates", "sendMessage", "logOut",
                "close" }) {
            assertEquals(0, emulator.callCount(changing), changing + " must not be called in off mode");
        }
        assertEquals(1, emulator.pendingCount());
    }
}
