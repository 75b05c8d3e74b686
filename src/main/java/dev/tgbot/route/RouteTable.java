package dev.tgbot.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.build.compatible.spi.Parameters;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticBeanCreator;
import jakarta.enterprise.invoke.Invoker;

/**
 * Every route method of the application, as {@link RouteExtension} found them at build time: a bean
 * ({@code @Singleton}) made from what the build recorded. {@link dev.tgbot.handler.ActiveBot} picks the routes of
 * the active bot from it.
 */
public final class RouteTable {

    static final String OWNERS = "owners";
    static final String METHODS = "methods";
    static final String MATCHERS = "matchers";
    static final String STEPS = "steps";
    /** Between a step and a matcher in keys that must be unique per step. */
    public static final String STEP_SEPARATOR = "\u0000";
    static final String DESCRIPTIONS = "descriptions";
    static final String RETURNS = "returns";
    static final String ARGUMENTS = "arguments";
    static final String BLOCKING = "blocking";
    static final String DEFAULTS = "defaults";
    static final String INVOKERS = "invokers";

    /** Matcher of a {@link Command} route, followed by the command name. */
    public static final String COMMAND = "command:";
    /** Matcher of a {@link Callback} value, followed by the data. */
    public static final String CALLBACK = "callback:";
    /** Matcher of a {@link Callback} prefix, followed by the prefix. */
    public static final String PREFIX = "prefix:";
    /** Matcher of a {@link Content} route, followed by the {@link ContentKind} name. */
    public static final String CONTENT = "content:";
    /** Matcher of an {@link OnUpdate} route, followed by the {@link UpdateKind} name. */
    public static final String UPDATE = "update:";
    /** Matcher of the {@link Fallback} route. */
    public static final String FALLBACK = "fallback";

    static final int RETURNS_VOID = 0;
    static final int RETURNS_UNI = 1;
    static final int RETURNS_METHOD = 2;

    static final int ARG_UPDATE = 0;
    static final int ARG_MESSAGE = 1;
    static final int ARG_CALLBACK_QUERY = 2;
    static final int ARG_USER = 3;
    static final int ARG_CHAT = 4;
    static final int ARG_ARGS = 5;
    static final int ARG_CHAT_ID = 6;
    static final int ARG_CHAT_ID_OR_NULL = 7;
    static final int ARG_USER_ID = 8;
    static final int ARG_USER_ID_OR_NULL = 9;
    static final int ARG_API = 10;
    static final int ARG_CHAT_MEMBER_UPDATED = 11;
    static final int ARG_CONVERSATION = 12;
    /** plus the {@link UpdateKind#ordinal()} of the kind whose payload it is */
    static final int ARG_PAYLOAD = 100;

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** @return every route method, in the order the build found them */
    public List<Route> routes() {
        return routes;
    }

    static String describe(String matcher) {
        if (matcher.startsWith(COMMAND)) {
            return "the command /" + matcher.substring(COMMAND.length());
        }
        if (matcher.startsWith(CALLBACK)) {
            return "the callback data \"" + matcher.substring(CALLBACK.length()) + "\"";
        }
        if (matcher.startsWith(PREFIX)) {
            return "the callback data prefix \"" + matcher.substring(PREFIX.length()) + "\"";
        }
        if (matcher.startsWith(CONTENT)) {
            return "the content kind " + matcher.substring(CONTENT.length());
        }
        if (matcher.startsWith(UPDATE)) {
            return "the update kind " + UpdateKind.valueOf(matcher.substring(UPDATE.length())).field();
        }
        return "the fallback";
    }

    /**
     * One route method.
     *
     * @param owner the bean class that declares it
     * @param method the method's name
     * @param matchers what it takes ({@code command:start}, {@code callback:ping}, {@code prefix:order:},
     *        {@code content:PHOTO}, {@code update:MESSAGE}, {@code fallback})
     * @param steps the {@link Step} names it is limited to; empty: any step, or none
     * @param description the {@code @Command} description, or empty
     * @param returns what it returns: 0 void, 1 a Uni, 2 a Bot API method object
     * @param arguments what each parameter gets (the {@code ARG_} codes)
     * @param blocking whether it is {@link RunOnWorker} (called on a worker thread)
     * @param isDefault whether its class is a {@code @DefaultBean} (the example), which steps aside for any other bot
     * @param invoker calls it on its bean's instance, generated at build time
     */
    public record Route(String owner, String method, List<String> matchers, List<String> steps, String description,
            int returns,
            int[] arguments, boolean blocking, boolean isDefault, Invoker<Object, Object> invoker) {

        /** @return {@code Class#method} */
        public String where() {
            return owner + "#" + method;
        }

        @Override
        public String toString() {
            return where() + " " + matchers + (steps.isEmpty() ? "" : " at " + steps);
        }
    }

    /** Makes the bean from the parameters {@link RouteExtension} recorded; not for application code. */
    public static final class Creator implements SyntheticBeanCreator<RouteTable> {

        @Override
        @SuppressWarnings("unchecked")
        public RouteTable create(Instance<Object> lookup, Parameters params) {
            String[] owners = params.get(OWNERS, String[].class);
            String[] methods = params.get(METHODS, String[].class);
            String[] matchers = params.get(MATCHERS, String[].class);
            String[] steps = params.get(STEPS, String[].class);
            String[] descriptions = params.get(DESCRIPTIONS, String[].class);
            int[] returns = params.get(RETURNS, int[].class);
            String[] arguments = params.get(ARGUMENTS, String[].class);
            boolean[] blocking = params.get(BLOCKING, boolean[].class);
            boolean[] defaults = params.get(DEFAULTS, boolean[].class);
            Invoker<Object, Object>[] invokers = params.get(INVOKERS, Invoker[].class);
            List<Route> routes = new ArrayList<>(owners.length);
            for (int i = 0; i < owners.length; i++) {
                int[] codes = arguments[i].isEmpty() ? new int[0]
                        : Arrays.stream(arguments[i].split(",")).mapToInt(Integer::parseInt).toArray();
                routes.add(new Route(owners[i], methods[i], List.of(matchers[i].split("\n")),
                        steps[i].isEmpty() ? List.of() : List.of(steps[i].split("\n")), descriptions[i],
                        returns[i], codes, blocking[i], defaults[i], invokers[i]));
            }
            return new RouteTable(routes);
        }
    }
}
