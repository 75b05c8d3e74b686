package dev.tgbot.emulator;

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

    static void mount(Router router, BodyHandler body, BotApiEmulator emulator) {
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
        router.post("/emulator/faults").handler(body).handler(ctx -> {
            JsonObject in = ctx.body().asJsonObject();
            emulator.addFault(new Fault(in.getString("method", "*"),
                    Fault.Kind.valueOf(in.getString("kind", "status").toUpperCase(Locale.ROOT)),
                    in.getInteger("status", 500), in.getInteger("retry_after", 0), in.getInteger("count", 1)));
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
}
