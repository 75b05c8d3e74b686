package dev.tgbot.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgbot.client.BotApiClient;
import dev.tgbot.handler.UpdateHandler;
import dev.tgbot.route.RouteTable.Route;
import dev.tgbot.state.Conversation;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The {@link UpdateHandler} made of a bot's routes. For each update the first match wins, in this order:
 * <ol>
 * <li>a {@code message} whose text is a command for this bot: the {@link Command} route of that name;</li>
 * <li>a {@code callback_query}: the {@link Callback} route of its exact data, else of its longest matching prefix;</li>
 * <li>a {@code message}: the {@link Content} route of the first {@link ContentKind} it carries that has one;</li>
 * <li>the {@link OnUpdate} route of the update's kind;</li>
 * <li>the {@link Fallback} route;</li>
 * <li>the application's own {@link UpdateHandler}, when it has one beside its routes; else the update is done.</li>
 * </ol>
 * At each of these stages, a route limited to the conversation's current {@link Step} comes before the route with no
 * step. Routing is table lookups (hash maps by command and data, arrays by kind) and one generated invoker call: no
 * reflection per update.
 */
public final class Router implements UpdateHandler {

    /** The routes of one step (or of no step): lookups by command, data, prefix, content kind, update kind. */
    private static final class Table {
        final Map<String, Route> commands = new HashMap<>();
        final Map<String, Route> callbacks = new HashMap<>();
        final List<Map.Entry<String, Route>> prefixes = new ArrayList<>();
        final Route[] contents = new Route[ContentKind.values().length];
        final Route[] updates = new Route[UpdateKind.values().length];
        Route fallback;
        boolean hasCommands;

        void add(Route route) {
            for (String m : route.matchers()) {
                if (m.startsWith(RouteTable.COMMAND)) {
                    commands.put(m.substring(RouteTable.COMMAND.length()), route);
                    hasCommands = true;
                } else if (m.startsWith(RouteTable.CALLBACK)) {
                    callbacks.put(m.substring(RouteTable.CALLBACK.length()), route);
                } else if (m.startsWith(RouteTable.PREFIX)) {
                    prefixes.add(Map.entry(m.substring(RouteTable.PREFIX.length()), route));
                } else if (m.startsWith(RouteTable.CONTENT)) {
                    contents[ContentKind.valueOf(m.substring(RouteTable.CONTENT.length())).ordinal()] = route;
                } else if (m.startsWith(RouteTable.UPDATE)) {
                    updates[UpdateKind.valueOf(m.substring(RouteTable.UPDATE.length())).ordinal()] = route;
                } else {
                    fallback = route;
                }
            }
        }

        void sort() {
            prefixes.sort(Comparator.comparingInt((Map.Entry<String, Route> e) -> e.getKey().length()).reversed());
        }

        /** @return the route of the data (exact, else the longest prefix), with what follows the prefix in args[0] */
        Route callback(String data, String[] args) {
            Route route = callbacks.get(data);
            for (int i = 0; route == null && i < prefixes.size(); i++) {
                if (data.startsWith(prefixes.get(i).getKey())) {
                    route = prefixes.get(i).getValue();
                    args[0] = data.substring(prefixes.get(i).getKey().length());
                }
            }
            return route;
        }

        Route content(Message message) {
            for (ContentKind kind : ContentKind.all()) {
                if (contents[kind.ordinal()] != null && kind.in(message)) {
                    return contents[kind.ordinal()];
                }
            }
            return null;
        }
    }

    private final Table base = new Table();
    private final Map<String, Table> bySteps = new HashMap<>();
    private final boolean usesSteps;
    private final UpdateHandler rest;
    private final BotApiClient api;
    private final Supplier<String> username;
    private final Function<Update, Conversation> conversations;

    /**
     * @param routes the bot's routes; a matcher appears at most once per step (the build checked)
     * @param rest gets what no route matched, or null
     * @param api sends what a route method returns
     * @param username the bot's username without {@code @} (from getMe), or null while unknown: then a command
     *        addressed to any bot counts as this bot's
     * @param conversations the conversation of an update being handled, or null when there is none (for
     *        {@link Step} routes and {@link Conversation} parameters)
     */
    public Router(List<Route> routes, UpdateHandler rest, BotApiClient api, Supplier<String> username,
            Function<Update, Conversation> conversations) {
        for (Route route : routes) {
            if (route.steps().isEmpty()) {
                base.add(route);
            } else {
                route.steps().forEach(step -> bySteps.computeIfAbsent(step, s -> new Table()).add(route));
            }
        }
        base.sort();
        bySteps.values().forEach(Table::sort);
        this.usesSteps = !bySteps.isEmpty();
        this.rest = rest;
        this.api = api;
        this.username = username;
        this.conversations = conversations;
    }

    /**
     * Routes the update and calls the route method (on a worker thread when it is {@link RunOnWorker}), then sends the
     * Bot API method it returned, if any.
     *
     * @return completes when the route method's work (and the answer it returned) is done; fails when it threw or
     *         its Uni failed, so the dispatcher's retry and logging apply as to any handler
     */
    @Override
    public Uni<Void> handle(Update update) {
        Table step = null;
        if (usesSteps) {
            Conversation conversation = conversations.apply(update);
            String at = conversation == null ? null : conversation.step().orElse(null);
            step = at == null ? null : bySteps.get(at);
        }
        Message message = update.getMessage();
        String[] args = { "" };
        Route route = null;
        if (message != null) {
            String text = message.getText();
            if (text != null && text.length() > 1 && text.charAt(0) == '/') {
                int end = 1;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                int at = text.indexOf('@', 1);
                String mention = at > 0 && at < end ? text.substring(at + 1, end) : null;
                String me = username.get();
                if (mention == null || me == null || mention.equalsIgnoreCase(me)) {
                    String name = text.substring(1, mention == null ? end : at).toLowerCase(Locale.ROOT);
                    route = step != null && step.hasCommands ? step.commands.get(name) : null;
                    route = route != null ? route : base.commands.get(name);
                    args[0] = route == null ? "" : text.substring(end).strip();
                }
            }
            if (route == null && step != null) {
                route = step.content(message);
            }
            if (route == null) {
                route = base.content(message);
            }
        } else if (update.getCallbackQuery() != null && update.getCallbackQuery().getData() != null) {
            String data = update.getCallbackQuery().getData();
            route = step == null ? null : step.callback(data, args);
            route = route != null ? route : base.callback(data, args);
        }
        if (route == null) {
            UpdateKind kind = UpdateKind.of(update);
            if (kind != null) {
                route = step == null ? null : step.updates[kind.ordinal()];
                route = route != null ? route : base.updates[kind.ordinal()];
            }
            if (route == null && step != null) {
                route = step.fallback;
            }
            if (route == null) {
                route = base.fallback;
            }
        }
        if (route == null) {
            return rest == null ? Uni.createFrom().voidItem() : rest.handle(update);
        }
        Route chosen = route;
        Object[] arguments = arguments(chosen, update, args[0]);
        if (chosen.blocking()) {
            return Uni.createFrom().item(() -> call(chosen, arguments)).runSubscriptionOn(
                    Infrastructure.getDefaultWorkerPool()).chain(result -> answer(chosen, result));
        }
        Object result;
        try {
            result = call(chosen, arguments);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return answer(chosen, result);
    }

    private static Object call(Route route, Object[] arguments) {
        try {
            return route.invoker().invoke(null, arguments);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RouteFailedException(route.where(), e);
        }
    }

    private Uni<Void> answer(Route route, Object result) {
        if (result == null || route.returns() == RouteTable.RETURNS_VOID) {
            return Uni.createFrom().voidItem();
        }
        if (route.returns() == RouteTable.RETURNS_UNI) {
            return ((Uni<?>) result).replaceWithVoid();
        }
        return api.execute((PartialBotApiMethod<?>) result).replaceWithVoid();
    }

    private Object[] arguments(Route route, Update update, String args) {
        int[] codes = route.arguments();
        Object[] values = new Object[codes.length];
        for (int i = 0; i < codes.length; i++) {
            values[i] = argument(codes[i], update, args);
        }
        return values;
    }

    private Object argument(int code, Update update, String args) {
        switch (code) {
            case RouteTable.ARG_UPDATE:
                return update;
            case RouteTable.ARG_MESSAGE:
                return message(update);
            case RouteTable.ARG_CALLBACK_QUERY:
                return update.getCallbackQuery();
            case RouteTable.ARG_USER:
                return from(update);
            case RouteTable.ARG_CHAT:
                return chat(update);
            case RouteTable.ARG_ARGS:
                return args;
            case RouteTable.ARG_CHAT_ID:
            case RouteTable.ARG_CHAT_ID_OR_NULL: {
                Chat chat = chat(update);
                Long id = chat == null ? null : chat.getId();
                return id == null && code == RouteTable.ARG_CHAT_ID ? Long.valueOf(0) : id;
            }
            case RouteTable.ARG_USER_ID:
            case RouteTable.ARG_USER_ID_OR_NULL: {
                User user = from(update);
                Long id = user == null ? null : user.getId();
                return id == null && code == RouteTable.ARG_USER_ID ? Long.valueOf(0) : id;
            }
            case RouteTable.ARG_API:
                return api;
            case RouteTable.ARG_CONVERSATION: {
                Conversation conversation = conversations.apply(update);
                if (conversation == null) {
                    throw new IllegalStateException("update_id=" + update.getUpdateId() + " has no conversation: the "
                            + "router runs outside Conversations#around");
                }
                return conversation;
            }
            case RouteTable.ARG_CHAT_MEMBER_UPDATED:
                return update.getMyChatMember() != null ? update.getMyChatMember() : update.getChatMember();
            default:
                return UpdateKind.values()[code - RouteTable.ARG_PAYLOAD].payload(update);
        }
    }

    /** @return the update's message (of any message kind), or the accessible message of its callback query */
    static Message message(Update u) {
        for (Message m : new Message[] { u.getMessage(), u.getEditedMessage(), u.getChannelPost(),
                u.getEditedChannelPost(), u.getBusinessMessage(), u.getEditedBuinessMessage() }) {
            if (m != null) {
                return m;
            }
        }
        CallbackQuery query = u.getCallbackQuery();
        return query != null && query.getMessage() instanceof Message m ? m : null;
    }

    /**
     * @param u any update
     * @return the chat it happened in (of its message, callback message, chat member, join request, reaction or boost
     *         update), or null when it has none (inline queries, payments, polls, ...)
     */
    public static Chat chat(Update u) {
        Message m = message(u);
        if (m != null) {
            return m.getChat();
        }
        if (u.getCallbackQuery() != null) {
            MaybeInaccessibleMessage inaccessible = u.getCallbackQuery().getMessage();
            return inaccessible == null ? null : inaccessible.getChat();
        }
        if (u.getMyChatMember() != null) {
            return u.getMyChatMember().getChat();
        }
        if (u.getChatMember() != null) {
            return u.getChatMember().getChat();
        }
        if (u.getChatJoinRequest() != null) {
            return u.getChatJoinRequest().getChat();
        }
        if (u.getMessageReaction() != null) {
            return u.getMessageReaction().getChat();
        }
        if (u.getMessageReactionCount() != null) {
            return u.getMessageReactionCount().getChat();
        }
        if (u.getChatBoost() != null) {
            return u.getChatBoost().getChat();
        }
        return u.getRemovedChatBoost() != null ? u.getRemovedChatBoost().getChat() : null;
    }

    /**
     * @param u any update
     * @return who caused it ({@code from} of its callback query, message, inline query, ...), or null when nobody did
     *         (a channel post, a poll)
     */
    public static User from(Update u) {
        if (u.getCallbackQuery() != null) {
            return u.getCallbackQuery().getFrom();
        }
        Message m = message(u);
        if (m != null) {
            return m.getFrom();
        }
        if (u.getInlineQuery() != null) {
            return u.getInlineQuery().getFrom();
        }
        if (u.getChosenInlineQuery() != null) {
            return u.getChosenInlineQuery().getFrom();
        }
        if (u.getShippingQuery() != null) {
            return u.getShippingQuery().getFrom();
        }
        if (u.getPreCheckoutQuery() != null) {
            return u.getPreCheckoutQuery().getFrom();
        }
        if (u.getPollAnswer() != null) {
            return u.getPollAnswer().getUser();
        }
        if (u.getMyChatMember() != null) {
            return u.getMyChatMember().getFrom();
        }
        if (u.getChatMember() != null) {
            return u.getChatMember().getFrom();
        }
        if (u.getChatJoinRequest() != null) {
            return u.getChatJoinRequest().getUser();
        }
        if (u.getMessageReaction() != null) {
            return u.getMessageReaction().getUser();
        }
        return u.getPaidMediaPurchased() != null ? u.getPaidMediaPurchased().getUser() : null;
    }

    /** A route method threw a checked exception; carries the method ({@code Class#method}) in its message. */
    public static final class RouteFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RouteFailedException(String where, Exception cause) {
            super(where + " failed: " + cause, cause);
        }
    }
}
