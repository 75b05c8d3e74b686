package dev.tgbot.handler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;

import org.jboss.logging.Logger;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.client.BotIdentity;
import dev.tgbot.config.BotSettings;
import dev.tgbot.route.RouteTable;
import dev.tgbot.route.RouteTable.Route;
import dev.tgbot.route.Router;
import dev.tgbot.route.UpdateKind;
import dev.tgbot.state.Conversations;
import io.quarkus.arc.InjectableBean;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * Decides, once at startup, which bot handles the updates, and what follows from it ({@code allowed_updates}, the "/"
 * menu). The candidates are the application's {@link UpdateHandler} beans and the beans with route methods
 * ({@link dev.tgbot.route.Command} and the others of {@code dev.tgbot.route}):
 * <ol>
 * <li>{@code bot.handler} set: exactly the classes it names;</li>
 * <li>else the application's own routes and {@code UpdateHandler}: the routes first, the handler gets what no route
 * matched (so an existing handler can move to routes a piece at a time);</li>
 * <li>else, when the application has neither, the example ({@link ExampleBot}, a {@code @DefaultBean}).</li>
 * </ol>
 * The project's own bots step aside: {@link ExampleBot} (a {@code @DefaultBean}) is chosen only by the last rule or by
 * name, {@link EchoBot} and {@link CountingEchoBot} only by name (they are no {@code @DefaultBean}s: ArC would
 * disable them as soon as the application has an {@code UpdateHandler} of its own, and the tests, which pin EchoBot,
 * could no longer find it).
 * Mistakes stop the start with a message that names the property or the classes: a name in {@code bot.handler} that
 * is no candidate, two {@code UpdateHandler} beans, a {@code @Fallback} route beside an {@code UpdateHandler} (both
 * would take what nothing else matched), two routes for the same command among the classes pinned together.
 */
@Startup
@ApplicationScoped
public class ActiveBot {

    private static final Logger LOG = Logger.getLogger(ActiveBot.class);

    private final UpdateHandler handler;
    private final List<Route> routes;
    private final boolean takesEverything;
    private final String described;
    private final List<String> allowedUpdates;

    ActiveBot(RouteTable table, Instance<UpdateHandler> handlers, BotApiClient api, BotSettings settings,
            Conversations conversations) {
        Map<String, InstanceHandle<UpdateHandler>> beans = new LinkedHashMap<>();
        Set<String> defaultHandlers = new LinkedHashSet<>();
        for (Instance.Handle<UpdateHandler> handle : handlers.handles()) {
            Bean<UpdateHandler> bean = handle.getBean();
            beans.put(bean.getBeanClass().getName(), (InstanceHandle<UpdateHandler>) handle);
            if (bean.getBeanClass() == EchoBot.class || bean.getBeanClass() == CountingEchoBot.class
                    || bean instanceof InjectableBean<?> injectable && injectable.isDefaultBean()) {
                defaultHandlers.add(bean.getBeanClass().getName()); // the project's own: only when pinned
            }
        }
        Optional<List<String>> pinned = settings.config().handler();
        List<Route> chosenRoutes = new ArrayList<>();
        List<String> chosenHandlers = new ArrayList<>();
        if (pinned.isPresent()) {
            for (String name : pinned.get()) {
                String className = name.strip();
                List<Route> of = table.routes().stream().filter(r -> r.owner().equals(className)).toList();
                if (beans.containsKey(className)) {
                    chosenHandlers.add(className);
                } else if (of.isEmpty()) {
                    throw new IllegalStateException("bot.handler names " + className + ", which is neither an "
                            + "UpdateHandler bean nor a bean with route methods. Candidates: " + candidates(table,
                                    beans.keySet()));
                }
                chosenRoutes.addAll(of);
            }
        } else {
            table.routes().stream().filter(r -> !r.isDefault()).forEach(chosenRoutes::add);
            beans.keySet().stream().filter(name -> !defaultHandlers.contains(name)).forEach(chosenHandlers::add);
            if (chosenRoutes.isEmpty() && chosenHandlers.isEmpty()) {
                table.routes().stream().filter(Route::isDefault).forEach(chosenRoutes::add);
            }
        }
        if (chosenHandlers.size() > 1) {
            throw new IllegalStateException("Two UpdateHandler beans, " + String.join(" and ", chosenHandlers)
                    + ": only one handles updates. Keep one, or choose with bot.handler.");
        }
        checkRepeats(chosenRoutes);
        UpdateHandler rest = chosenHandlers.isEmpty() ? null : beans.get(chosenHandlers.get(0)).get();
        Optional<Route> fallback = chosenRoutes.stream().filter(r -> r.matchers().contains(RouteTable.FALLBACK)).findFirst();
        if (rest != null && fallback.isPresent()) {
            throw new IllegalStateException("Both the @Fallback route " + fallback.get().where() + " and the "
                    + "UpdateHandler " + chosenHandlers.get(0) + " would take the updates no route matched. "
                    + "Remove one of them, or choose with bot.handler.");
        }
        this.routes = List.copyOf(chosenRoutes);
        this.takesEverything = rest != null || fallback.isPresent();
        UpdateHandler bot;
        if (chosenRoutes.isEmpty()) {
            bot = rest != null ? rest : update -> Uni.createFrom().voidItem();
        } else {
            bot = new Router(chosenRoutes, rest, api, () -> {
                BotIdentity me = api.identity();
                return me == null ? null : me.username();
            }, conversations::currentOrNull);
        }
        this.handler = conversations.around(bot);
        Set<String> owners = new TreeSet<>();
        chosenRoutes.forEach(r -> owners.add(r.owner()));
        List<String> parts = new ArrayList<>();
        if (!owners.isEmpty()) {
            parts.add(String.join(", ", owners) + " (" + chosenRoutes.size() + " route method"
                    + (chosenRoutes.size() == 1 ? "" : "s") + ")");
        }
        if (rest != null) {
            parts.add(chosenHandlers.get(0) + (owners.isEmpty() ? " (UpdateHandler)"
                    : " (UpdateHandler, for what no route takes)"));
        }
        this.described = parts.isEmpty() ? "no bot (no UpdateHandler bean and no route method)"
                : String.join(" and ", parts);
        this.allowedUpdates = settings.config().allowedUpdates().orElseGet(this::derivedAllowedUpdates);
        LOG.infof("Bot: %s; allowed_updates %s", described, allowedUpdates.isEmpty() ? "Telegram's default set"
                : allowedUpdates + (settings.config().allowedUpdates().isPresent() ? " (bot.allowed-updates)"
                        : " (from the routes)"));
        if (parts.isEmpty()) {
            LOG.warn("No bot: the application has no UpdateHandler bean and no route method, so updates are "
                    + "confirmed and dropped.");
        }
    }

    private static String candidates(RouteTable table, Set<String> handlers) {
        Set<String> all = new TreeSet<>(handlers);
        table.routes().forEach(r -> all.add(r.owner()));
        return all.isEmpty() ? "none" : String.join(", ", all);
    }

    private static void checkRepeats(List<Route> routes) {
        Map<String, String> taken = new LinkedHashMap<>();
        for (Route route : routes) {
            for (String step : route.steps().isEmpty() ? List.of("") : route.steps()) {
                for (String matcher : route.matchers()) {
                    String other = taken.putIfAbsent(step + RouteTable.STEP_SEPARATOR + matcher, route.where());
                    if (other != null) {
                        throw new IllegalStateException("bot.handler pins two routes for the same " + matcher
                                + (step.isEmpty() ? "" : " at step " + step) + ": " + other + " and " + route.where()
                                + ". Give each one route.");
                    }
                }
            }
        }
    }

    /**
     * @return the handler the dispatcher calls for every readable update: the routes, or a plain handler, inside the
     *         conversation state ({@link Conversations#around})
     */
    public UpdateHandler handler() {
        return handler;
    }

    /** @return the classes that make the active bot, for the startup log */
    public String describe() {
        return described;
    }

    /** @return the active bot's routes (empty for a plain {@link UpdateHandler}) */
    public List<Route> routes() {
        return routes;
    }

    /**
     * @return the update kinds the routes take, by their Bot API names in {@link UpdateKind} order; empty when the
     *         bot takes everything (a {@code @Fallback}, an {@code UpdateHandler}, or no route at all), which means
     *         Telegram's default set
     */
    public List<String> derivedAllowedUpdates() {
        if (takesEverything || routes.isEmpty()) {
            return List.of();
        }
        Set<UpdateKind> kinds = new TreeSet<>();
        for (Route route : routes) {
            for (String m : route.matchers()) {
                if (m.startsWith(RouteTable.COMMAND) || m.startsWith(RouteTable.CONTENT)) {
                    kinds.add(UpdateKind.MESSAGE);
                } else if (m.startsWith(RouteTable.CALLBACK) || m.startsWith(RouteTable.PREFIX)) {
                    kinds.add(UpdateKind.CALLBACK_QUERY);
                } else if (m.startsWith(RouteTable.UPDATE)) {
                    kinds.add(UpdateKind.valueOf(m.substring(RouteTable.UPDATE.length())));
                }
            }
        }
        return kinds.stream().map(UpdateKind::field).toList();
    }

    /**
     * @return the {@code allowed_updates} that getUpdates and setWebhook send: {@code bot.allowed-updates} when set,
     *         else {@link #derivedAllowedUpdates()}; empty means Telegram's default set (sent as {@code []}, which
     *         also resets a setting left by an earlier deployment)
     */
    public List<String> allowedUpdates() {
        return allowedUpdates;
    }

    /**
     * @return the "/" menu the routes describe: each {@code @Command} name with a description, in alphabetical
     *         order (the build does not see the order of the source); empty when none has one
     */
    public List<BotCommand> commands() {
        Set<String> names = new LinkedHashSet<>();
        List<BotCommand> menu = new ArrayList<>();
        for (Route route : routes) {
            // the first name of a command route is the one in the menu; the others are aliases
            String first = route.matchers().stream().filter(m -> m.startsWith(RouteTable.COMMAND)).findFirst()
                    .map(m -> m.substring(RouteTable.COMMAND.length())).orElse(null);
            if (first != null && !route.description().isEmpty() && names.add(first)) {
                menu.add(new BotCommand(first, route.description()));
            }
        }
        menu.sort(java.util.Comparator.comparing(BotCommand::getCommand));
        return menu;
    }
}
