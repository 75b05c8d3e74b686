package dev.tgbot.emulator;

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
        router.route("/emulator/*").failureHandler(EmulatorControls::failure);
        router.post("/emulator/photo").consumes("multipart/form-data").handler(uploads).handler(ctx -> {
            var files = ctx.fileUploads();
            if (files.isEmpty()) {
                BotApiEmulator.json(ctx.response(), 400, new JsonObject().put("ok", false)
                        .put("description", "a multipart photo needs a file part named photo"));
                return;
            }
            var request = ctx.request();
            long id = emulator.injectPhoto(requiredParam(request.getFormAttribute("chat_id"), "chat_id"),
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
            ctx.response().putHeader("Content-Type", ImageSize.contentType(file)).putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", "no-store").sendFile(file.toString());
        });
        router.get("/emulator/chat").handler(ctx -> {
            String param = ctx.request().getParam("chat_id");
            long chat = param == null ? 42L : requiredParam(param, "chat_id");
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true)
                    .put("result", new JsonArray(new ArrayList<>(emulator.conversation(chat, 200)))));
        });
        router.post("/emulator/rogue").handler(body).handler(ctx -> {
            JsonObject in = object(ctx);
            if (in.getBoolean("on", true)) {
                emulator.startRoguePoller("http://127.0.0.1:" + ctx.request().localAddress().port(), ROGUE_MAX);
            } else {
                emulator.stopRoguePoller();
            }
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true)
                    .put("other_poller", emulator.roguePolling()));
        });
        router.post("/emulator/webhook").handler(body).handler(ctx -> {
            JsonObject in = object(ctx);
            emulator.setWebhookAsOtherParty(text(in, "url", ""), null);
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("url", emulator.webhookUrl()));
        });
        router.post("/emulator/callback").handler(body).handler(ctx -> {
            JsonObject in = object(ctx);
            long chat = required(in, "chat_id");
            long message = required(in, "message_id");
            Long id = emulator.injectCallbackQuery(chat, message, text(in, "data", ""), optional(in, "from_id", 0L));
            if (id == null) {
                throw new BadInput("message_id " + message + " is no message of the bot in chat " + chat
                        + " (a button press needs the bot's message that carries the button)");
            }
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("update_id", id));
        });
        router.post("/emulator/photo").handler(body).handler(ctx -> {
            JsonObject in = object(ctx);
            long id = emulator.injectPhoto(required(in, "chat_id"), text(in, "caption", null),
                    optional(in, "from_id", 0L));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("update_id", id));
        });
        router.get("/emulator/calls").handler(ctx -> BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true)
                .put("result", new JsonArray(new ArrayList<>(emulator.calls())))));
        router.post("/emulator/messages").handler(body).handler(ctx -> {
            JsonObject in = object(ctx);
            long chat = required(in, "chat_id");
            String text = text(in, "text", null);
            if (text == null || text.isEmpty()) {
                throw new BadInput("text is required (the message the user sends)");
            }
            long id = emulator.injectMessage(chat, text, optional(in, "from_id", 0L));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("update_id", id));
        });
        router.post("/emulator/updates").handler(body).handler(ctx -> {
            JsonObject update = object(ctx);
            if (update.isEmpty()) {
                throw new BadInput("the body must be an update as JSON, such as {\"message\":{...}} (update_id is "
                        + "assigned when absent)");
            }
            Long id = emulator.injectUpdate(update);
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("update_id", id));
        });
        router.post("/emulator/backlog").handler(body).handler(ctx -> {
            JsonObject in = object(ctx);
            long count = optional(in, "count", 20_000);
            long chats = optional(in, "chats", 100);
            if (count < 1 || count > 100_000 || chats < 1 || chats > count) {
                throw new BadInput("count must be 1 to 100000 and chats 1 to count: got count " + count + ", chats "
                        + chats);
            }
            long[] range = emulator.injectBacklog((int) count, (int) chats, in.getBoolean("text", true));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("first_update_id", range[0])
                    .put("last_update_id", range[1]));
        });
        router.get("/emulator/sent").handler(ctx -> {
            String chat = ctx.request().getParam("chat_id");
            List<JsonObject> list = chat == null ? emulator.sent() : emulator.sent(requiredParam(chat, "chat_id"));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true).put("result", new JsonArray(new ArrayList<>(list))));
        });
        router.delete("/emulator/sent").handler(ctx -> {
            emulator.clearSent();
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.get("/emulator/limits").handler(ctx -> BotApiEmulator.json(ctx.response(), 200,
                new JsonObject().put("ok", true).put("limits", emulator.limitsState())));
        router.post("/emulator/limits").handler(body).handler(ctx -> {
            JsonObject json = object(ctx);
            try {
                emulator.limits(json);
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
            JsonObject in = object(ctx);
            Fault.Kind kind;
            try {
                kind = Fault.Kind.valueOf(text(in, "kind", "status").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInput("kind must be one of " + java.util.Arrays.toString(Fault.Kind.values())
                        .toLowerCase(Locale.ROOT));
            }
            emulator.addFault(new Fault(text(in, "method", "*"), kind, (int) optional(in, "status", 500),
                    (int) optional(in, "retry_after", 0), (int) optional(in, "count", 1)));
            BotApiEmulator.json(ctx.response(), 200, new JsonObject().put("ok", true));
        });
        router.post("/emulator/outage").handler(body).handler(ctx -> {
            JsonObject in = object(ctx);
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

    /** Bad input to a control: answered 400 with this message as the description. */
    static final class BadInput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Answers a failed control request: 400 with a description for bad input (malformed JSON, a form body where JSON
     * is expected, a field of the wrong type, a missing field), never a 500 with a stack trace.
     */
    static void failure(io.vertx.ext.web.RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().ended()) {
            return;
        }
        int status = ctx.statusCode() >= 400 && ctx.statusCode() < 500 ? ctx.statusCode() : 400;
        String description;
        if (failure instanceof BadInput) {
            description = failure.getMessage();
        } else if (failure instanceof io.vertx.core.json.DecodeException) {
            description = "the body is not JSON: send a JSON object with Content-Type: application/json";
        } else if (failure instanceof ClassCastException) {
            description = "a field has the wrong type (numbers for chat_id, from_id, message_id, count; text for "
                    + "text, caption, data)";
        } else if (failure instanceof IllegalArgumentException) {
            description = "bad input: " + failure.getMessage();
        } else if (failure == null && status == 413) {
            description = "the body is too large";
        } else if (failure == null) {
            description = "bad request";
        } else {
            // not the input: a fault of the emulator itself; still no stack trace over HTTP
            status = 500;
            description = "the emulator failed: " + failure;
        }
        BotApiEmulator.json(ctx.response(), status, new JsonObject().put("ok", false).put("error_code", status)
                .put("description", description));
    }

    /**
     * @return the body as a JSON object; an empty body is an empty object
     * @throws BadInput for anything else (a form body, a JSON array, malformed JSON)
     */
    static JsonObject object(io.vertx.ext.web.RoutingContext ctx) {
        String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            throw new BadInput("the body must be a JSON object, such as {\"chat_id\":42,\"text\":\"hello\"}, with "
                    + "Content-Type: application/json (this is a form body)");
        }
        String text = ctx.body().available() ? ctx.body().asString() : null;
        if (text == null || text.isBlank()) {
            return new JsonObject();
        }
        text = text.trim();
        if (!text.startsWith("{")) {
            throw new BadInput("the body must be a JSON object, such as {\"chat_id\":42,\"text\":\"hello\"}, with "
                    + "Content-Type: application/json" + (text.contains("=") ? " (this looks like a form body)" : ""));
        }
        try {
            return new JsonObject(text);
        } catch (io.vertx.core.json.DecodeException e) {
            throw new BadInput("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** @return the number in {@code field}; absent and required: BadInput naming the field */
    static long required(JsonObject in, String field) {
        Long value = number(in, field);
        if (value == null) {
            throw new BadInput(field + " is required (a number)");
        }
        return value;
    }

    static long optional(JsonObject in, String field, long otherwise) {
        Long value = number(in, field);
        return value == null ? otherwise : value;
    }

    private static Long number(JsonObject in, String field) {
        Object value = in.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new BadInput(field + " must be a number: got " + firstLine(String.valueOf(value)));
        }
    }

    private static String text(JsonObject in, String field, String otherwise) {
        Object value = in.getValue(field);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof String text) {
            return text;
        }
        throw new BadInput(field + " must be a string");
    }

    private static String firstLine(String text) {
        String line = String.valueOf(text).lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    private static long requiredParam(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new BadInput(name + " is required (a number)");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadInput(name + " must be a number: got " + firstLine(value));
        }
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
}
