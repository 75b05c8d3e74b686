package dev.tgbot.client;

import java.util.List;

import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.GetWebhookInfo;

/**
 * The JSON of the calls on the way to the first long poll, written without Jackson: {@code getMe},
 * {@code getWebhookInfo} and {@code getUpdates} (offset, limit, timeout, allowed updates). Byte for byte what
 * {@link LibraryJson#mapper()} writes for them (null fields left out, then the library's {@code method} property);
 * {@code StartupCallJsonTest} compares the two.
 * <p>
 * Why: the first serialization through Jackson builds its serializers by introspecting the class (reflection,
 * annotations), 20-30 ms of a cold JVM's CPU per call type, and all three calls are on the path from the
 * StartupEvent to the first getUpdates (README "JDK 25 and its AOT cache"). Every other method, and a subclass of
 * these, goes through Jackson.
 */
final class StartupCallJson {

    private StartupCallJson() {
    }

    /**
     * @param method a method object
     * @return its JSON when it is exactly a {@link GetMe}, {@link GetWebhookInfo} or {@link GetUpdates} whose allowed
     *         updates are plain names ({@code [A-Za-z0-9_]}, nothing to escape); null for anything else
     */
    static String of(PartialBotApiMethod<?> method) {
        Class<?> type = method.getClass();
        if (type == GetMe.class || type == GetWebhookInfo.class) {
            return "{\"method\":\"" + method.getMethod() + "\"}";
        }
        if (type != GetUpdates.class) {
            return null;
        }
        GetUpdates poll = (GetUpdates) method;
        StringBuilder json = new StringBuilder(96).append('{');
        number(json, "offset", poll.getOffset());
        number(json, "limit", poll.getLimit());
        number(json, "timeout", poll.getTimeout());
        List<String> allowed = poll.getAllowedUpdates();
        if (allowed != null) {
            json.append("\"allowed_updates\":[");
            for (int i = 0; i < allowed.size(); i++) {
                String name = allowed.get(i);
                if (!plain(name)) {
                    return null;
                }
                json.append(i == 0 ? "\"" : ",\"").append(name).append('"');
            }
            json.append("],");
        }
        return json.append("\"method\":\"").append(poll.getMethod()).append("\"}").toString();
    }

    private static void number(StringBuilder json, String name, Integer value) {
        if (value != null) {
            json.append('"').append(name).append("\":").append(value.intValue()).append(',');
        }
    }

    private static boolean plain(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
