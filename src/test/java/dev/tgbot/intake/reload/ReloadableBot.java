package dev.tgbot.intake.reload;

import jakarta.enterprise.context.ApplicationScoped;

import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;

import dev.tgbot.client.BotApiClient;
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
        if (!update.hasMessage()) {
            return Uni.createFrom().voidItem();
        }
        return api.execute(SendMessage.builder().chatId(update.getMessage().getChatId()).text("version 1").build())
                .replaceWithVoid();
    }
}
