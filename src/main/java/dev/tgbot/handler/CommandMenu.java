package dev.tgbot.handler;

import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;
import org.telegram.telegrambots.meta.api.methods.commands.DeleteMyCommands;
import org.telegram.telegrambots.meta.api.methods.commands.GetMyCommands;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.config.BotSettings;
import dev.tgbot.intake.BotStarted;
import io.smallrye.mutiny.Uni;

/**
 * Makes Telegram's "/" menu (<a href="https://core.telegram.org/bots/api#setmycommands">setMyCommands</a>, default
 * scope and language) say what the active bot's {@code @Command} routes describe, once Telegram agrees with the mode:
 * getMyCommands first, then setMyCommands only when the menu differs, or deleteMyCommands when the routes describe
 * no command and a menu is left from before (an earlier bot). Off with {@code bot.publish-commands=false}; never for a
 * bot made only of an {@link UpdateHandler}, whose commands are unknown. A failure is logged and changes nothing else.
 */
@ApplicationScoped
public class CommandMenu {

    private static final Logger LOG = Logger.getLogger(CommandMenu.class);

    private final ActiveBot bot;
    private final BotApiClient api;
    private final boolean enabled;

    CommandMenu(ActiveBot bot, BotApiClient api, BotSettings settings) {
        this.bot = bot;
        this.api = api;
        this.enabled = settings.config().publishCommands();
    }

    void publish(@ObservesAsync BotStarted started) {
        if (!enabled || bot.routes().isEmpty()) {
            return;
        }
        List<BotCommand> wanted = bot.commands();
        api.execute(new GetMyCommands()).chain(current -> {
            if (same(current, wanted)) {
                return Uni.createFrom().voidItem();
            }
            if (wanted.isEmpty()) {
                return api.execute(new DeleteMyCommands()).invoke(() -> LOG.infof("Deleted the \"/\" menu left "
                        + "from before (%d commands): the bot's routes describe none.", current.size())).replaceWithVoid();
            }
            return api.execute(SetMyCommands.builder().commands(wanted).build()).invoke(() -> LOG.infof(
                    "Published the \"/\" menu: %s", wanted.stream().map(c -> "/" + c.getCommand()).toList()))
                    .replaceWithVoid();
        }).subscribe().with(ok -> { }, e -> LOG.infof("The \"/\" menu was not updated: %s", e.getMessage()));
    }

    private static boolean same(List<BotCommand> current, List<BotCommand> wanted) {
        if (current == null || current.size() != wanted.size()) {
            return current == null ? wanted.isEmpty() : false;
        }
        for (int i = 0; i < wanted.size(); i++) {
            if (!Objects.equals(current.get(i).getCommand(), wanted.get(i).getCommand())
                    || !Objects.equals(current.get(i).getDescription(), wanted.get(i).getDescription())) {
                return false;
            }
        }
        return true;
    }
}
