package dev.tgbot.handler;

import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The example bot's flows through long polling. */
@QuarkusTest
@TestProfile(ExampleProfile.class)
@WithTestResource(EmulatorResource.class)
class ExampleBotPollingTest extends ExampleBotFlows {

    @Override
    long chat() {
        return 8101;
    }
}
