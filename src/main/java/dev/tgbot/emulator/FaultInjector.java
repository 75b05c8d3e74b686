package dev.tgbot.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The emulator's failures on request: faults queued for the next calls of a method ({@link Fault}: an error envelope,
 * an HTML page, a proxy's 200 page, a hang, a reset, an unsupported method, a partial getMe) and a time-based outage
 * in which every method fails. It only decides and writes the failing answer; the Bot API itself is
 * {@link BotApiEmulator}'s.
 */
final class FaultInjector {

    private final Vertx vertx;
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    /** During an outage every method fails until outageUntil ({@link System#nanoTime()}). */
    private long outageUntil;
    private Fault outageFault;

    FaultInjector(Vertx vertx) {
        this.vertx = vertx;
    }

    synchronized void add(Fault fault) {
        faults.computeIfAbsent(fault.method().toLowerCase(Locale.ROOT), k -> new ArrayDeque<>()).add(fault);
    }

    synchronized void clear() {
        faults.clear();
    }

    /** @return how many faulty answers are still queued, over all methods */
    synchronized int pending() {
        return faults.values().stream().flatMap(Deque::stream).mapToInt(Fault::count).sum();
    }

    /**
     * @param method the called method, lower case
     * @return the outage's fault while one is on, else the next queued fault of this method (or of {@code *}), which
     *         it uses up; null: answer normally
     */
    synchronized Fault take(String method) {
        if (outageFault != null && System.nanoTime() - outageUntil < 0) {
            return outageFault;
        }
        for (String key : new String[] { method, "*" }) {
            Deque<Fault> queue = faults.get(key);
            if (queue != null && !queue.isEmpty()) {
                Fault f = queue.poll();
                if (f.count() > 1) {
                    queue.addFirst(new Fault(f.method(), f.kind(), f.status(), f.retryAfter(), f.count() - 1));
                }
                return f;
            }
        }
        return null;
    }

    /**
     * Starts an outage of {@code length}: every call fails with {@code kind}.
     *
     * @return the fault every call gets meanwhile
     * @throws IllegalArgumentException for a kind other than html, status or proxy_page
     */
    synchronized Fault startOutage(Duration length, Fault.Kind kind, int status) {
        if (kind != Fault.Kind.HTML && kind != Fault.Kind.STATUS && kind != Fault.Kind.PROXY_PAGE) {
            throw new IllegalArgumentException("an outage answers html, status or proxy_page, not " + kind);
        }
        outageFault = new Fault("*", kind, status, 0, 1);
        outageUntil = System.nanoTime() + length.toNanos();
        return outageFault;
    }

    synchronized void endOutage() {
        if (outageFault != null && System.nanoTime() - outageUntil < 0) {
            outageUntil = System.nanoTime();
        }
    }

    /** @return the {@code System.nanoTime()} at which the last outage ends (or ended); 0 before any */
    synchronized long outageEnd() {
        return outageFault == null ? 0 : outageUntil;
    }

    /** Answers a call with its fault: the failing answer, a connection that hangs for 120 s, or a reset. */
    void inject(RoutingContext ctx, Fault fault) {
        HttpServerResponse response = ctx.response();
        switch (fault.kind()) {
            case STATUS, HTML, PROXY_PAGE, PARTIAL -> answer(response, fault);
            case HANG -> vertx.setTimer(120_000, t -> ctx.request().connection().close());
            case RESET -> ctx.request().connection().close();
            case UNSUPPORTED -> {
                if (fault.status() == 404) {
                    BotApiEmulator.error(response, 404, "Not Found: method not found", null);
                } else {
                    BotApiEmulator.json(response, fault.status(), new JsonObject().put("message", "API method "
                            + ctx.pathParam("param1") + " is not supported"));
                }
            }
        }
    }

    /** Answers with a fault that needs only the response: an error envelope or an HTML page. */
    static void answer(HttpServerResponse response, Fault fault) {
        switch (fault.kind()) {
            case HTML -> response.setStatusCode(fault.status()).putHeader("Content-Type", "text/html")
                    .end("<html>\r\n<head><title>" + fault.status() + " Bad Gateway</title></head>\r\n<body>\r\n"
                            + "<center><h1>" + fault.status() + " Bad Gateway</h1></center>\r\n<hr><center>nginx"
                            + "</center>\r\n</body>\r\n</html>\r\n");
            case PROXY_PAGE -> response.setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8")
                    .end("<!DOCTYPE html>\n<html><head><title>Sign in to the network</title></head>\n<body><h1>Welcome"
                            + "</h1><p>Please accept the terms of use to continue.</p></body></html>\n");
            default -> {
                if (fault.status() == 429) {
                    BotApiEmulator.error(response, 429, "Too Many Requests: retry after " + fault.retryAfter(),
                            fault.retryAfter());
                } else {
                    BotApiEmulator.error(response, fault.status(), describe(fault.status()), null);
                }
            }
        }
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden: bot was blocked by the user";
            case 404 -> "Not Found";
            case 409 -> "Conflict: terminated by other setWebhook";
            case 500 -> "Internal Server Error: restart";
            case 502 -> "Bad Gateway";
            default -> "Error " + status;
        };
    }
}
