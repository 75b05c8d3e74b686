package dev.tgbot.intake.reload;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.client.dto.SendMessageRequest;
import dev.tgbot.client.dto.Update;
import dev.tgbot.handler.UpdateHandler;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;

/** The handler whose source LiveReloadDevModeTest edits; a bean only in that test's application. */
@ApplicationScoped
@IfBuildProperty(name = "reload-test.enabled", stringValue = "true")
public class ReloadableBot implements UpdateHandler {

    private final BotApiClient api;

    ReloadableBot(BotApiClient api) {
        this.api = api;
    }

    @Override
    public Uni<Void> handle(Update update) {
        if (update.message == null) {
            return Uni.createFrom().voidItem();
        }
        return api.sendMessage(new SendMessageRequest(update.message.chat().id(), "version 1", null)).replaceWithVoid();
    }
}
