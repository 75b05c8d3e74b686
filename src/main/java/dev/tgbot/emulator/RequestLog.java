package dev.tgbot.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.vertx.core.json.JsonObject;

/**
 * What the emulator records of the Bot API requests it gets: per method (lower case) the arrival time and the
 * client's TCP port of every call, for the tests; and the last {@value #MAX_REQUESTS} answered requests with their
 * status and duration, for the page.
 */
final class RequestLog {

    static final int MAX_REQUESTS = 60;

    private final Map<String, List<Long>> calls = new HashMap<>();
    /** Per method, the client's TCP port of every call: calls with one port came over one connection. */
    private final Map<String, List<Integer>> clientPorts = new HashMap<>();
    private final Deque<JsonObject> requests = new ArrayDeque<>();

    /** A call arrived: {@code method} lower case, {@code port} the client's TCP port or -1. */
    synchronized void arrived(String method, int port) {
        calls.computeIfAbsent(method, k -> new ArrayList<>()).add(System.nanoTime());
        clientPorts.computeIfAbsent(method, k -> new ArrayList<>()).add(port);
    }

    /**
     * A request was answered.
     *
     * @param method the method as the client spelled it
     * @param status the HTTP status, 0 when the connection closed without an answer
     * @param startNanos its arrival ({@link System#nanoTime()})
     * @param byRogue sent by the page's other poller
     */
    void answered(String method, int status, long startNanos, boolean byRogue) {
        JsonObject r = new JsonObject().put("method", MethodNames.canonical(method)).put("status", status)
                .put("ms", (System.nanoTime() - startNanos) / 1_000_000).put("at_ms", System.currentTimeMillis())
                .put("rogue", byRogue);
        synchronized (this) {
            requests.addLast(r);
            while (requests.size() > MAX_REQUESTS) {
                requests.pollFirst();
            }
        }
    }

    synchronized List<JsonObject> last() {
        return new ArrayList<>(requests);
    }

    synchronized List<Long> calls(String method) {
        return new ArrayList<>(calls.getOrDefault(method.toLowerCase(Locale.ROOT), List.of()));
    }

    synchronized List<Integer> clientPorts(String method) {
        return new ArrayList<>(clientPorts.getOrDefault(method.toLowerCase(Locale.ROOT), List.of()));
    }

    /** @return per method (lower case), the calls that arrived in {@code [fromNanos, toNanos)}; none: left out */
    synchronized Map<String, Integer> countsBetween(long fromNanos, long toNanos) {
        Map<String, Integer> counts = new TreeMap<>();
        calls.forEach((method, times) -> {
            int n = (int) times.stream().filter(t -> t - fromNanos >= 0 && t - toNanos < 0).count();
            if (n > 0) {
                counts.put(method, n);
            }
        });
        return counts;
    }

    /** @return {@code {method: calls so far}} */
    synchronized JsonObject counts() {
        JsonObject counts = new JsonObject();
        calls.forEach((m, list) -> counts.put(m, list.size()));
        return counts;
    }
}
