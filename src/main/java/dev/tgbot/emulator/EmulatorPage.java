package dev.tgbot.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The emulator's page for a person in dev mode, {@code /emulator}: a chat with the bot as in Telegram and the conflict
 * lab (the service's view, the emulator's view, buttons that cause each situation of README's "Conflicts and exit
 * codes", the service's log). Plain HTML, CSS and JavaScript from {@code src/main/resources/emulator-page/}, no build
 * step; served only where the emulator is mounted (dev mode without a token, or {@code bot.emulator.enabled}).
 * <p>
 * {@code GET /emulator/events?chat_id=42} is a server-sent event stream: an event {@code snapshot} whenever something
 * the page shows changed (checked every 150 ms), and at least once a second: {@code {"chat_id", "messages" (the
 * conversation, {@link BotApiEmulator#conversation}), "commands", "callback_answers" ({@code [{"seq", "text",
 * "show_alert"}]}), "emulator" ({@link BotApiEmulator#state()}), "requests" (the last Bot API requests), "service"
 * (the service's view, {@link dev.tgbot.intake.ServiceView#view()}, plus {@code "stopped"}: true when the service has
 * stopped and this is its last view; or null), "log" (the service's last log lines)}}. The bot's token is in none of it.
 */
final class EmulatorPage {

    private static final Map<String, String> FILES = Map.of("index.html", "text/html; charset=utf-8", "page.css",
            "text/css; charset=utf-8", "page.js", "text/javascript; charset=utf-8");
    private static final long CHECK_MS = 150;
    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final BotApiEmulator emulator;
    private final Supplier<JsonObject> service;
    private final RecentLog log;
    private final Vertx vertx;
    private volatile JsonObject lastView;
    private final Map<HttpServerResponse, Long> streams = new java.util.concurrent.ConcurrentHashMap<>();

    EmulatorPage(Vertx vertx, BotApiEmulator emulator, Supplier<JsonObject> service, RecentLog log) {
        this.vertx = vertx;
        this.emulator = emulator;
        this.service = service;
        this.log = log;
    }

    void mount(Router router) {
        // Vert.x matches "/emulator" with and without the trailing slash; the page's links are absolute
        router.get("/emulator").handler(ctx -> file(ctx, "index.html"));
        router.get("/emulator/page.css").handler(ctx -> file(ctx, "page.css"));
        router.get("/emulator/page.js").handler(ctx -> file(ctx, "page.js"));
        router.get("/emulator/events").handler(this::events);
        router.get("/emulator/snapshot").handler(ctx -> BotApiEmulator.json(ctx.response(), 200,
                snapshot(chat(ctx))));
    }

    private static void file(RoutingContext ctx, String name) {
        try (InputStream in = EmulatorPage.class.getResourceAsStream("/emulator-page/" + name)) {
            if (in == null) {
                ctx.response().setStatusCode(404).end();
                return;
            }
            ctx.response().putHeader("Content-Type", FILES.get(name)).putHeader("Cache-Control", "no-store")
                    .putHeader("X-Content-Type-Options", "nosniff").end(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    private static long chat(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.request().getParam("chat_id", "42"));
        } catch (NumberFormatException e) {
            return 42;
        }
    }

    private void events(RoutingContext ctx) {
        long chat = chat(ctx);
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
        streams.put(response, chat);
        long[] last = { -1, -1, 0 };
        long timer = vertx.setPeriodic(1, CHECK_MS, id -> {
            long changes = emulator.changes();
            long lines = log == null ? 0 : log.version();
            long now = System.nanoTime();
            if (changes == last[0] && lines == last[1] && now - last[2] < REFRESH_NANOS) {
                return;
            }
            last[0] = changes;
            last[1] = lines;
            last[2] = now;
            if (!response.closed() && !response.ended() && !response.writeQueueFull()) {
                response.write("event: snapshot\ndata: " + snapshot(chat).encode() + "\n\n");
            }
        });
        response.closeHandler(v -> {
            vertx.cancelTimer(timer);
            streams.remove(response);
        });
        response.exceptionHandler(e -> {
            vertx.cancelTimer(timer);
            streams.remove(response);
        });
    }

    /**
     * The service's view; once the service has stopped (dev mode: the app exited, its beans are gone, but this old
     * router still answers until the restart), the last view it gave with {@code "stopped": true}, so that the page
     * can name the exit code and its ERROR line instead of showing nothing.
     */
    private JsonObject serviceView() {
        try {
            JsonObject view = service.get();
            if (view != null) {
                lastView = view.copy();
                return view.put("stopped", false);
            }
        } catch (RuntimeException e) {
            // the application's beans are shut down (or failing): fall through to the last view
        }
        JsonObject last = lastView == null ? new JsonObject() : lastView.copy();
        return last.put("stopped", true).put("polling", false).put("ready", false);
    }

    /**
     * Keeps a view of the service as its last, for when it has stopped ({@link #serviceView()}), and sends it to every
     * open page at once: the service is stopping, and the HTTP server may close before the next periodic check.
     */
    void remember(JsonObject view) {
        if (view != null) {
            lastView = view.copy();
        }
        streams.forEach((response, chat) -> {
            if (!response.closed() && !response.ended()) {
                String event = "event: snapshot\ndata: " + snapshot(chat).encode() + "\n\n";
                response.write(event); // Vert.x hands the write to the connection's own event loop
            }
        });
    }

    JsonObject snapshot(long chat) {
        JsonArray answers = new JsonArray();
        List<JsonObject> calls = emulator.calls();
        for (int i = 0; i < calls.size(); i++) {
            JsonObject call = calls.get(i);
            if ("answercallbackquery".equals(call.getString("method"))) {
                JsonObject params = call.getJsonObject("params", new JsonObject());
                Object text = params.getValue("text");
                if (text != null && !String.valueOf(text).isEmpty()) {
                    answers.add(new JsonObject().put("seq", i).put("text", String.valueOf(text))
                            .put("show_alert", Boolean.parseBoolean(String.valueOf(params.getValue("show_alert")))));
                }
            }
        }
        JsonObject view = service == null ? null : serviceView();
        return new JsonObject().put("chat_id", chat)
                .put("messages", new JsonArray(new ArrayList<>(emulator.conversation(chat, 200))))
                .put("commands", emulator.commands()).put("callback_answers", answers)
                .put("calls_recorded", calls.size()).put("emulator", emulator.state())
                .put("requests", new JsonArray(new ArrayList<>(emulator.lastRequests()))).put("service", view)
                .put("log", log == null ? new JsonArray() : new JsonArray(new ArrayList<>(log.last(80))));
    }
}
