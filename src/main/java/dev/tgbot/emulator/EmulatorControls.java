package dev.tgbot.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The emulator's controls, for tests and for a person in dev mode: {@code /emulator/...} routes that play the user
 * (messages, button presses, photos, raw updates, a backlog), show what the bot did (messages, calls, state) and cause
 * failures (faults, a revoked token). README's "Chat with the bot in dev mode" lists them. They use only the
 * emulator's public methods.
 */
final class EmulatorControls {

    private EmulatorControls() {
    }

    /** The longest the other poller of {@code POST /emulator/rogue} runs unless stopped. */
    static final java.time.Duration ROGUE_MAX = java.time.Duration.ofMinutes(5);

    static void mount(Router router, BodyHandler body, BodyHandler uploads, BotApiEmulator emulator) {
        router.post("/emulator/photo").consumes("multipart/form-data").handler(uploads).handler(ctx -> {
            var files = ctx.fileUploads();
            if (files.isEmpty()) {
                BotApiEmulator.json(ctx.response(), 400, new JsonObject().put("ok", false)
                        .put("description", "a multipart photo needs a file part named photo"));
                return;
            }
            var request = ctx.request();
            long id = emulator.injectPhoto(longParam(request.getFormAttribute("chat_id"), 1L),
                    request.getFormAttribute("caption"), longParam(request.getFormAttribute("from_id"), 0L),
                    Path.of(files.get(0).uploadedFileName()));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("update_id", id));
        });
        router.get("/emulator/files/:file_id").handler(ctx -> {
            Path file = emulator.uploadedFile(ctx.pathParam("file_id"));
            if (file == null || !Files.isRegularFile(file)) {
                BotApiEmulator.json(ctx.response(), 404, new JsonObject().put("ok", false)
                        .put("description", "no stored bytes for this file_id (a file known only by its id)"));
                return;
            }
            ctx.response().putHeader("Content-Type", contentType(file)).putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", "no-store").sendFile(file.toString());
        });
        router.get("/emulator/chat").handler(ctx -> {
            long chat = longParam(ctx.request().getParam("chat_id"), 42L);
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true)
                    .put("result", new JsonArray(new ArrayList<>(emulator.conversation(chat, 200)))));
        });
        router.post("/emulator/rogue").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().available() && ctx.body().length() > 0 ? ctx.body().asJsonObject() : new JsonObject();
            if (in.getBoolean("on", true)) {
                emulator.startRoguePoller("http://127.0.0.1:" + ctx.request().localAddress().port(), ROGUE_MAX);
            } else {
                emulator.stopRoguePoller();
            }
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true)
                    .put("other_poller", emulator.roguePolling()));
        });
        router.post("/emulator/webhook").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().available() && ctx.body().length() > 0 ? ctx.body().asJsonObject() : new JsonObject();
            emulator.setWebhookAsOtherParty(in.getString("url", ""), null);
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("url", emulator.webhookUrl()));
        });
        router.post("/emulator/callback").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().asJsonObject();
            Long id = emulator.injectCallbackQuery(in.getLong("chat_id", 1L), in.getLong("message_id", 0L),
                    in.getString("data", ""), in.getLong("from_id", 0L));
            BotApiEmulator.json(ctx.response(), id == null ? 400 : 200, new JsonObject().put("ok", id != null).put("update_id", id));
        });
        router.post("/emulator/photo").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().asJsonObject();
            long id = emulator.injectPhoto(in.getLong("chat_id", 1L), in.getString("caption"), in.getLong("from_id", 0L));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("update_id", id));
        });
        router.get("/emulator/calls").handler(ctx -> BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true)
                .put("result", new JsonArray(new ArrayList<>(emulator.calls())))));
        router.post("/emulator/messages").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().asJsonObject();
            long id = emulator.injectMessage(in.getLong("chat_id", 1L), in.getString("text", ""), in.getLong("from_id", 0L));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("update_id", id));
        });
        router.post("/emulator/updates").handler(body).handler(ctx -> {
            Long id = emulator.injectUpdate(ctx.body().asJsonObject());
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("update_id", id));
        });
        router.post("/emulator/backlog").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().asJsonObject();
            long[] range = emulator.injectBacklog(in.getInteger("count", 20_000), in.getInteger("chats", 100),
                    in.getBoolean("text", true));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("first_update_id", range[0])
                    .put("last_update_id", range[1]));
        });
        router.get("/emulator/sent").handler(ctx -> {
            String chat = ctx.request().getParam("chat_id");
            List<JsonObject> list = chat == null ? emulator.sent() : emulator.sent(Long.parseLong(chat));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("result", new JsonArray(new ArrayList<>(list))));
        });
        router.delete("/emulator/sent").handler(ctx -> {
            emulator.clearSent();
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.get("/emulator/limits").handler(ctx -> BotApiEmulator.json(ctx.response(), 200,
                new JsonObject().put("ok", true).put("limits", emulator.limitsState())));
        router.post("/emulator/limits").handler(body).handler(ctx -> {
            JsonObject json;
            try {
                json = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
                emulator.limits(json == null ? new JsonObject() : json);
            } catch (RuntimeException e) {
                BotApiEmulator.json(ctx.response(), 400, new JsonObject().put("ok", false).put("description",
                        "expected a JSON object such as {\"overall\":30,\"private_chat\":3}: " + e.getMessage()));
                return;
            }
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("limits",
                    emulator.limitsState()));
        });
        router.delete("/emulator/limits").handler(ctx -> {
            emulator.limits(false);
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.post("/emulator/faults").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().asJsonObject();
            emulator.addFault(new Fault(in.getString("method", "*"),
                    Fault.Kind.valueOf(in.getString("kind", "status").toUpperCase(Locale.ROOT)),
                    in.getInteger("status", 500), in.getInteger("retry_after", 0), in.getInteger("count", 1)));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.post("/emulator/outage").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().available() && ctx.body().length() > 0 ? ctx.body().asJsonObject() : new JsonObject();
            try {
                emulator.outage(java.time.Duration.ofMillis((long) (in.getDouble("seconds", 30.0) * 1000)),
                        Fault.Kind.valueOf(in.getString("kind", "html").toUpperCase(Locale.ROOT)),
                        in.getInteger("status", 502));
            } catch (IllegalArgumentException | ClassCastException e) {
                BotApiEmulator.json(ctx.response(), 400, new JsonObject().put("ok", false).put("description",
                        "an outage takes seconds (a number), kind html, status or proxy_page, and status (a number)"));
                return;
            }
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.delete("/emulator/outage").handler(ctx -> {
            emulator.endOutage();
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.delete("/emulator/faults").handler(ctx -> {
            emulator.clearFaults();
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.post("/emulator/revoke").handler(ctx -> {
            emulator.revokeToken();
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.get("/emulator/state").handler(ctx -> BotApiEmulator.json(ctx.response(), 200, emulator.state()));
    }

    private static long longParam(String value, long otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** @return the image type from the first bytes (uploads are stored without a file name extension) */
    static String contentType(Path file) {
        byte[] head = new byte[12];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n >= 8 && head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
                return "image/png";
            }
            if (n >= 3 && head[0] == (byte) 0xFF && head[1] == (byte) 0xD8 && head[2] == (byte) 0xFF) {
                return "image/jpeg";
            }
            if (n >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F') {
                return "image/gif";
            }
            if (n >= 12 && head[0] == 'R' && head[1] == 'I' && head[8] == 'W' && head[9] == 'E') {
                return "image/webp";
            }
        } catch (IOException e) {
            return "application/octet-stream";
        }
        return "application/octet-stream";
    }
}
