package dev.tgbot.handler;

import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The example bot's flows through long polling. */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class ExampleBotPollingTest extends ExampleBotFlows {

    @Override
    long chat() {
        return 8101;
    }
}
