package dev.tgbot.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The messages the users wrote (those injected one by one, not a backlog), the last {@value #MAX} of them: what a
 * reply of the bot quotes, and with the bot's messages the conversation a chat shows. Its own lock, since
 * {@link BotMethods} looks a message up while it holds its lock.
 */
final class UserMessages implements BotMethods.UserMessages {

    static final int MAX = 1_000;

    private final Deque<JsonObject> messages = new ArrayDeque<>();

    synchronized void remember(JsonObject message) {
        messages.addLast(message);
        while (messages.size() > MAX) {
            messages.pollFirst();
        }
    }

    /** @return the user's message with this id in this chat, or null */
    @Override
    public synchronized JsonObject find(long chatId, long messageId) {
        for (var it = messages.descendingIterator(); it.hasNext();) {
            JsonObject m = it.next();
            if (m.getLong("message_id") == messageId && m.getJsonObject("chat").getLong("id") == chatId) {
                return m;
            }
        }
        return null;
    }

    /**
     * @param botMessages the bot's messages in the chat
     * @return those and the users' messages of the chat in message_id order, the latest {@code max}
     */
    List<JsonObject> conversation(List<JsonObject> botMessages, long chatId, int max) {
        List<JsonObject> all = new ArrayList<>(botMessages);
        synchronized (this) {
            for (JsonObject m : messages) {
                if (m.getJsonObject("chat").getLong("id") == chatId) {
                    all.add(m);
                }
            }
        }
        all.sort(Comparator.comparingLong(m -> m.getLong("message_id")));
        return all.size() <= max ? all : all.subList(all.size() - max, all.size());
    }

    synchronized JsonArray json() {
        return new JsonArray(new ArrayList<>(messages));
    }

    synchronized void clear() {
        messages.clear();
    }
}
