package dev.tgbot.route;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.inject.build.compatible.spi.BeanInfo;
import jakarta.enterprise.inject.build.compatible.spi.BuildCompatibleExtension;
import jakarta.enterprise.inject.build.compatible.spi.InvokerFactory;
import jakarta.enterprise.inject.build.compatible.spi.InvokerInfo;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.Registration;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.lang.model.AnnotationInfo;
import jakarta.enterprise.lang.model.AnnotationMember;
import jakarta.enterprise.lang.model.declarations.ClassInfo;
import jakarta.enterprise.lang.model.declarations.MethodInfo;
import jakarta.enterprise.lang.model.declarations.ParameterInfo;
import jakarta.enterprise.lang.model.types.Type;
import jakarta.inject.Singleton;

/**
 * Finds the route methods ({@link Command}, {@link Callback}, {@link Content}, {@link OnUpdate}, {@link Fallback}) of
 * the application's beans <em>at build time</em> (a CDI Build Compatible Extension, which ArC runs while Quarkus
 * builds the application), checks them, and records them with a generated invoker each in the {@link RouteTable}
 * bean. So an update is routed by table lookups and a generated call, with no reflection, in the JVM and in a
 * native image alike.
 * <p>
 * Mistakes fail the build with a message that names the class and the method: a parameter no route of that method
 * can provide, a return type other than {@code void}, {@code Uni} or a Bot API method object, a private method, two
 * methods for the same command, callback data, prefix, content kind or update kind, a second fallback, a command
 * name Telegram would refuse.
 */
public class RouteExtension implements BuildCompatibleExtension {

    private static final Pattern COMMAND_NAME = Pattern.compile("[a-z0-9_]{1,32}");
    private static final String UNI = "io.smallrye.mutiny.Uni";
    private static final String PARTIAL_METHOD = "org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod";
    private static final String DEFAULT_BEAN = "io.quarkus.arc.DefaultBean";
    private static final Map<String, Integer> BY_TYPE = Map.ofEntries(
            Map.entry("org.telegram.telegrambots.meta.api.objects.Update", RouteTable.ARG_UPDATE),
            Map.entry("org.telegram.telegrambots.meta.api.objects.message.Message", RouteTable.ARG_MESSAGE),
            Map.entry("org.telegram.telegrambots.meta.api.objects.CallbackQuery", RouteTable.ARG_CALLBACK_QUERY),
            Map.entry("org.telegram.telegrambots.meta.api.objects.User", RouteTable.ARG_USER),
            Map.entry("org.telegram.telegrambots.meta.api.objects.chat.Chat", RouteTable.ARG_CHAT),
            Map.entry("org.telegram.telegrambots.meta.api.objects.chatmember.ChatMemberUpdated",
                    RouteTable.ARG_CHAT_MEMBER_UPDATED),
            Map.entry("dev.tgbot.client.BotApiClient", RouteTable.ARG_API),
            Map.entry("dev.tgbot.state.Conversation", RouteTable.ARG_CONVERSATION),
            payload("inlinequery.InlineQuery", UpdateKind.INLINE_QUERY),
            payload("inlinequery.ChosenInlineQuery", UpdateKind.CHOSEN_INLINE_RESULT),
            payload("payments.ShippingQuery", UpdateKind.SHIPPING_QUERY),
            payload("payments.PreCheckoutQuery", UpdateKind.PRE_CHECKOUT_QUERY),
            payload("payments.PaidMediaPurchased", UpdateKind.PURCHASED_PAID_MEDIA),
            payload("polls.Poll", UpdateKind.POLL),
            payload("polls.PollAnswer", UpdateKind.POLL_ANSWER),
            payload("ChatJoinRequest", UpdateKind.CHAT_JOIN_REQUEST),
            payload("reactions.MessageReactionUpdated", UpdateKind.MESSAGE_REACTION),
            payload("reactions.MessageReactionCountUpdated", UpdateKind.MESSAGE_REACTION_COUNT),
            payload("boost.ChatBoostUpdated", UpdateKind.CHAT_BOOST),
            payload("boost.ChatBoostRemoved", UpdateKind.REMOVED_CHAT_BOOST),
            payload("business.BusinessConnection", UpdateKind.BUSINESS_CONNECTION),
            payload("business.BusinessMessagesDeleted", UpdateKind.DELETED_BUSINESS_MESSAGES));
    private static final Set<UpdateKind> WITH_MESSAGE = Set.of(UpdateKind.MESSAGE, UpdateKind.EDITED_MESSAGE,
            UpdateKind.CHANNEL_POST, UpdateKind.EDITED_CHANNEL_POST, UpdateKind.BUSINESS_MESSAGE,
            UpdateKind.EDITED_BUSINESS_MESSAGE, UpdateKind.CALLBACK_QUERY);

    private final List<String> owners = new ArrayList<>();
    private final List<String> methods = new ArrayList<>();
    private final List<String> matchers = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private final List<String> descriptions = new ArrayList<>();
    private final List<Integer> returns = new ArrayList<>();
    private final List<String> arguments = new ArrayList<>();
    private final List<Boolean> blocking = new ArrayList<>();
    private final List<Boolean> defaults = new ArrayList<>();
    private final List<InvokerInfo> invokers = new ArrayList<>();
    /** matcher → "Class#method", for each of the two groups (the application's routes, the default ones) */
    private final Map<Boolean, Map<String, String>> taken = new HashMap<>();

    private static Map.Entry<String, Integer> payload(String type, UpdateKind kind) {
        return Map.entry("org.telegram.telegrambots.meta.api.objects." + type, RouteTable.ARG_PAYLOAD + kind.ordinal());
    }

    /**
     * Collects the route methods of a class bean.
     *
     * @param bean any bean of the application
     * @param factory makes the invokers
     * @param messages where mistakes are reported (they fail the build)
     */
    @Registration(types = Object.class)
    public void collect(BeanInfo bean, InvokerFactory factory, Messages messages) {
        if (!bean.isClassBean()) {
            return;
        }
        ClassInfo type = bean.declaringClass();
        boolean isDefault = type.hasAnnotation(a -> a.name().equals(DEFAULT_BEAN));
        for (MethodInfo method : type.methods()) {
            List<String> routeMatchers = matchers(method);
            AnnotationInfo step = method.annotation(Step.class);
            String where = type.name() + "#" + method.name();
            if (routeMatchers.isEmpty()) {
                if (step != null) {
                    error(messages, where + ": @Step alone routes nothing; add what it takes at that step "
                            + "(@Content(ContentKind.TEXT), @Command, @Callback, @OnUpdate or @Fallback).");
                }
                continue;
            }
            int before = errors;
            List<String> routeSteps = step == null ? List.of() : strings(step, "value");
            if (step != null && (routeSteps.isEmpty() || routeSteps.contains(""))) {
                error(messages, where + ": @Step needs step names, not empty ones.");
            }
            String description = description(method, where, messages);
            Set<UpdateKind> kinds = kinds(routeMatchers);
            String args = arguments(method, routeMatchers, kinds, where, messages);
            int returned = returned(method.returnType(), where, messages);
            if (Modifier.isPrivate(method.modifiers())) {
                error(messages, where + ": a route method must not be private (the generated invoker calls it).");
            }
            Map<String, String> group = taken.computeIfAbsent(isDefault, g -> new HashMap<>());
            for (String stepName : routeSteps.isEmpty() ? List.of("") : routeSteps) {
                for (String matcher : routeMatchers) {
                    String other = group.putIfAbsent(stepName + RouteTable.STEP_SEPARATOR + matcher, where);
                    if (other != null) {
                        error(messages, where + ": " + describe(matcher) + (stepName.isEmpty() ? ""
                                : " at step \"" + stepName + "\"") + " is already routed to " + other
                                + "; the first match would win silently, so give each one route.");
                    }
                }
            }
            if (errors != before) {
                continue;
            }
            InvokerInfo invoker = factory.createInvoker(bean, method).withInstanceLookup().build();
            owners.add(type.name());
            methods.add(method.name());
            matchers.add(String.join("\n", routeMatchers));
            steps.add(String.join("\n", routeSteps));
            descriptions.add(description);
            returns.add(returned);
            arguments.add(args);
            blocking.add(method.hasAnnotation(RunOnWorker.class));
            defaults.add(isDefault);
            invokers.add(invoker);
        }
    }

    private int errors;

    private void error(Messages messages, String text) {
        errors++;
        messages.error("Route " + text);
    }

    /**
     * Records what {@link #collect} found in the {@link RouteTable} bean.
     *
     * @param components where the bean is added
     */
    @Synthesis
    public void register(SyntheticComponents components) {
        int[] returnKinds = returns.stream().mapToInt(Integer::intValue).toArray();
        boolean[] blockingFlags = new boolean[blocking.size()];
        boolean[] defaultFlags = new boolean[defaults.size()];
        for (int i = 0; i < blockingFlags.length; i++) {
            blockingFlags[i] = blocking.get(i);
            defaultFlags[i] = defaults.get(i);
        }
        components.addBean(RouteTable.class).type(RouteTable.class).scope(Singleton.class)
                .withParam(RouteTable.OWNERS, owners.toArray(String[]::new))
                .withParam(RouteTable.METHODS, methods.toArray(String[]::new))
                .withParam(RouteTable.MATCHERS, matchers.toArray(String[]::new))
                .withParam(RouteTable.STEPS, steps.toArray(String[]::new))
                .withParam(RouteTable.DESCRIPTIONS, descriptions.toArray(String[]::new))
                .withParam(RouteTable.RETURNS, returnKinds)
                .withParam(RouteTable.ARGUMENTS, arguments.toArray(String[]::new))
                .withParam(RouteTable.BLOCKING, blockingFlags)
                .withParam(RouteTable.DEFAULTS, defaultFlags)
                .withParam(RouteTable.INVOKERS, invokers.toArray(InvokerInfo[]::new))
                .createWith(RouteTable.Creator.class);
    }

    /** @return the method's matchers: {@code command:start}, {@code callback:ping}, {@code prefix:order:}, ... */
    private static List<String> matchers(MethodInfo method) {
        Set<String> found = new LinkedHashSet<>();
        AnnotationInfo command = method.annotation(Command.class);
        if (command != null) {
            strings(command, "value").forEach(name -> found.add(RouteTable.COMMAND + name));
        }
        AnnotationInfo callback = method.annotation(Callback.class);
        if (callback != null) {
            strings(callback, "value").forEach(data -> found.add(RouteTable.CALLBACK + data));
            strings(callback, "prefix").forEach(prefix -> found.add(RouteTable.PREFIX + prefix));
            if (found.stream().noneMatch(m -> m.startsWith(RouteTable.CALLBACK) || m.startsWith(RouteTable.PREFIX))) {
                found.add(RouteTable.PREFIX); // reported by description(): a callback route that matches nothing
            }
        }
        AnnotationInfo content = method.annotation(Content.class);
        if (content != null) {
            enums(content).forEach(kind -> found.add(RouteTable.CONTENT + kind));
        }
        AnnotationInfo onUpdate = method.annotation(OnUpdate.class);
        if (onUpdate != null) {
            enums(onUpdate).forEach(kind -> found.add(RouteTable.UPDATE + kind));
        }
        if (method.hasAnnotation(Fallback.class)) {
            found.add(RouteTable.FALLBACK);
        }
        return new ArrayList<>(found);
    }

    private String description(MethodInfo method, String where, Messages messages) {
        AnnotationInfo command = method.annotation(Command.class);
        if (command != null) {
            for (String name : strings(command, "value")) {
                if (!COMMAND_NAME.matcher(name).matches()) {
                    error(messages, where + ": @Command(\"" + name + "\"): Telegram takes 1-32 characters of a-z, 0-9 "
                            + "and _ (no leading /).");
                }
            }
        }
        AnnotationInfo callback = method.annotation(Callback.class);
        if (callback != null && strings(callback, "value").isEmpty() && strings(callback, "prefix").isEmpty()) {
            error(messages, where + ": @Callback names neither a value nor a prefix.");
        }
        if (callback != null && strings(callback, "prefix").contains("")) {
            error(messages, where + ": @Callback(prefix = \"\") would match every callback; use "
                    + "@OnUpdate(UpdateKind.CALLBACK_QUERY) for that.");
        }
        String text = command == null || !command.hasMember("description") ? ""
                : command.member("description").asString();
        if (text.length() > 256) {
            error(messages, where + ": the @Command description has " + text.length()
                    + " characters; Telegram takes at most 256.");
        }
        return text;
    }

    private static Set<UpdateKind> kinds(List<String> matchers) {
        Set<UpdateKind> kinds = new LinkedHashSet<>();
        for (String matcher : matchers) {
            if (matcher.startsWith(RouteTable.COMMAND) || matcher.startsWith(RouteTable.CONTENT)) {
                kinds.add(UpdateKind.MESSAGE);
            } else if (matcher.startsWith(RouteTable.CALLBACK) || matcher.startsWith(RouteTable.PREFIX)) {
                kinds.add(UpdateKind.CALLBACK_QUERY);
            } else if (matcher.startsWith(RouteTable.UPDATE)) {
                kinds.add(UpdateKind.valueOf(matcher.substring(RouteTable.UPDATE.length())));
            } else {
                kinds.addAll(List.of(UpdateKind.values()));
            }
        }
        return kinds;
    }

    private String arguments(MethodInfo method, List<String> matchers, Set<UpdateKind> kinds, String where,
            Messages messages) {
        StringBuilder codes = new StringBuilder();
        List<ParameterInfo> parameters = method.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            ParameterInfo parameter = parameters.get(i);
            Integer code = code(parameter);
            String problem = code == null ? "no route can provide it" : unavailable(code, matchers, kinds);
            if (problem != null) {
                error(messages, where + ": parameter " + (i + 1) + " (" + typeName(parameter.type()) + "): " + problem
                        + ". A route method takes: Update, Message, CallbackQuery, User, Chat, ChatMemberUpdated, "
                        + "BotApiClient, Conversation, the payload of its update kind (InlineQuery, PollAnswer, ...), "
                        + "@Args String, @ChatId long/Long, @UserId long/Long.");
            }
            codes.append(i == 0 ? "" : ",").append(code == null ? -1 : code);
        }
        return codes.toString();
    }

    private static Integer code(ParameterInfo parameter) {
        Type type = parameter.type();
        String name = typeName(type);
        if (parameter.hasAnnotation(Args.class)) {
            return name.equals("java.lang.String") ? RouteTable.ARG_ARGS : null;
        }
        boolean chatId = parameter.hasAnnotation(ChatId.class);
        if (chatId || parameter.hasAnnotation(UserId.class)) {
            if (name.equals("long")) {
                return chatId ? RouteTable.ARG_CHAT_ID : RouteTable.ARG_USER_ID;
            }
            if (name.equals("java.lang.Long")) {
                return chatId ? RouteTable.ARG_CHAT_ID_OR_NULL : RouteTable.ARG_USER_ID_OR_NULL;
            }
            return null;
        }
        return BY_TYPE.get(name);
    }

    /** @return why a route with these matchers can never get that argument, or null when it can */
    private static String unavailable(int code, List<String> matchers, Set<UpdateKind> kinds) {
        if (code == RouteTable.ARG_ARGS && matchers.stream().noneMatch(m -> m.startsWith(RouteTable.COMMAND)
                || m.startsWith(RouteTable.PREFIX) || m.startsWith(RouteTable.CALLBACK))) {
            return "@Args is given to @Command and @Callback routes only";
        }
        if (code == RouteTable.ARG_MESSAGE && kinds.stream().noneMatch(WITH_MESSAGE::contains)) {
            return "none of the update kinds " + fields(kinds) + " carries a Message";
        }
        if (code == RouteTable.ARG_CALLBACK_QUERY && !kinds.contains(UpdateKind.CALLBACK_QUERY)) {
            return "only a callback_query carries it, and this route takes " + fields(kinds);
        }
        if (code == RouteTable.ARG_CHAT_MEMBER_UPDATED && !kinds.contains(UpdateKind.MY_CHAT_MEMBER)
                && !kinds.contains(UpdateKind.CHAT_MEMBER)) {
            return "only my_chat_member and chat_member carry it, and this route takes " + fields(kinds);
        }
        if (code >= RouteTable.ARG_PAYLOAD) {
            UpdateKind kind = UpdateKind.values()[code - RouteTable.ARG_PAYLOAD];
            if (!kinds.contains(kind)) {
                return "only " + kind.field() + " carries it, and this route takes " + fields(kinds);
            }
        }
        return null;
    }

    private static String fields(Set<UpdateKind> kinds) {
        return kinds.stream().map(UpdateKind::field).toList().toString();
    }

    private int returned(Type type, String where, Messages messages) {
        if (type.isVoid()) {
            return RouteTable.RETURNS_VOID;
        }
        String name = typeName(type);
        if (name.equals(UNI)) {
            return RouteTable.RETURNS_UNI;
        }
        if (type.isClass() || type.isParameterizedType()) {
            for (ClassInfo c = type.isClass() ? type.asClass().declaration() : type.asParameterizedType().declaration();
                    c != null; c = c.superClassDeclaration()) {
                if (c.name().equals(PARTIAL_METHOD)) {
                    return RouteTable.RETURNS_METHOD;
                }
            }
        }
        error(messages, where + ": returns " + name + "; a route method returns void, Uni<...> (completing when the "
                + "update is handled) or a Bot API method object (SendMessage, AnswerCallbackQuery, ...), which is "
                + "sent as the answer.");
        return -1;
    }

    private static String typeName(Type type) {
        if (type.isPrimitive()) {
            return type.asPrimitive().name();
        }
        if (type.isClass()) {
            return type.asClass().declaration().name();
        }
        if (type.isParameterizedType()) {
            return type.asParameterizedType().declaration().name();
        }
        return type.toString();
    }

    private static List<String> strings(AnnotationInfo annotation, String member) {
        if (!annotation.hasMember(member)) {
            return List.of();
        }
        AnnotationMember value = annotation.member(member);
        return value.isArray() ? value.asArray().stream().map(AnnotationMember::asString).toList()
                : List.of(value.asString());
    }

    private static List<String> enums(AnnotationInfo annotation) {
        if (!annotation.hasValue()) {
            return List.of();
        }
        AnnotationMember value = annotation.value();
        return value.isArray() ? value.asArray().stream().map(AnnotationMember::asEnumConstant).toList()
                : List.of(value.asEnumConstant());
    }

    private static String describe(String matcher) {
        return RouteTable.describe(matcher);
    }
}
