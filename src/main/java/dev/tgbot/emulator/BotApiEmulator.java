package dev.tgbot.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A Bot API server for one bot, on loopback, behaving as {@code bot-api-notes.md} describes; this class is its front:
 * it takes the HTTP requests ({@code /bot<token>/<method>}: the token check, then faults, then the method) and offers
 * the controls, in Java and over HTTP under {@code /emulator} ({@link #mount(Router)}). Each part has one job:
 * <ul>
 * <li>{@link UpdateIntake}: pending updates, getUpdates and its 409 rules, the webhook's settings;
 * {@link WebhookDelivery}: delivering them to a webhook (secret header, one update at a time per chat, parallel
 * chats up to max_connections, re-delivery after non-2xx, {@code last_error_message});</li>
 * <li>{@link BotMethods}: every other method (send*, edit*, files, commands, ...) and the bot's messages;
 * {@link SendLimits}: Telegram's message limits, when enforced;</li>
 * <li>{@link UserMessages}: what the users wrote; {@link FaultInjector}: faults and outages on request;
 * {@link RequestLog}: the calls and the last requests; {@link RoguePoller}: the other poller;</li>
 * <li>{@link EmulatorControls}: the {@code /emulator} routes; {@link EmulatorPage}: the page;
 * {@link EmulatorStateFile}: the state across a dev-mode restart.</li>
 * </ul>
 * It runs standalone ({@link #start}) or mounted on another router (dev mode). Not a security boundary: it accepts
 * any caller on its port.
 */
public final class BotApiEmulator {

    private final Vertx vertx;
    private final EmulatorOptions options;
    private final long botId;
    private String token;
    private final Set<String> revoked = new HashSet<>();
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private int port;

    private final AtomicLong nextMessageId = new AtomicLong(1);
    private final UpdateIntake intake;
    private final BotMethods methods;
    private final WebhookDelivery delivery;
    private final Path uploads;
    private final FaultInjector faults;
    private final SendLimits limits = new SendLimits();
    /** Chats whose sends fail: 403 (blocked), 400 (not found), or the supergroup a group migrated to. */
    private final Map<Long, Long> chatFates = new java.util.concurrent.ConcurrentHashMap<>();
    private final RequestLog requestLog = new RequestLog();

    // for the page: what users wrote, the last requests, a change counter, the other poller
    /** The User-Agent of {@link RoguePoller}'s requests, so that the request log can tell them apart. */
    static final String ROGUE_AGENT = "emulator-rogue-poller";
    private final UserMessages users = new UserMessages();
    private final AtomicLong changes = new AtomicLong();
    private RoguePoller rogue;

    /**
     * @param vertx the Vert.x instance for timers and webhook delivery
     * @param token the one token this emulator accepts (a fake one)
     * @param options behaviour switches
     */
    public BotApiEmulator(Vertx vertx, String token, EmulatorOptions options) {
        this.vertx = vertx;
        this.token = token;
        this.options = options;
        this.botId = Long.parseLong(token.substring(0, token.indexOf(':')));
        this.methods = new BotMethods(this::botUser, nextMessageId::getAndIncrement, users::find);
        this.intake = new UpdateIntake(vertx, options.allowAnyWebhookUrl(), changes);
        this.delivery = new WebhookDelivery(intake, vertx, options, methods);
        intake.delivery(delivery);
        this.faults = new FaultInjector(vertx);
        try {
            this.uploads = options.stateDir() == null ? Files.createTempDirectory("bot-api-emulator-uploads-")
                    : Files.createDirectories(options.stateDir().resolve("files"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a standalone emulator on {@code 127.0.0.1:port}; blocks until it listens.
     *
     * @param vertx Vert.x instance
     * @param token the token it accepts
     * @param options behaviour switches
     * @param port TCP port, 0 for any free one
     * @return the running emulator; {@link #url()} tells where
     */
    public static BotApiEmulator start(Vertx vertx, String token, EmulatorOptions options, int port) {
        BotApiEmulator emulator = new BotApiEmulator(vertx, token, options);
        Router router = Router.router(vertx);
        emulator.mount(router);
        router.route().last().handler(ctx -> error(ctx.response(), 404, "Not Found", null));
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int chosen = port != 0 ? port : freePort();
            try {
                // One event loop per core, like a real server: servers on their own event loops share the port.
                vertx.deployVerticle(() -> new AbstractVerticle() {
                    @Override
                    public void start(Promise<Void> started) {
                        HttpServer server = vertx.createHttpServer().requestHandler(router);
                        emulator.servers.add(server);
                        server.listen(chosen, "127.0.0.1").<Void> mapEmpty().onComplete(started);
                    }
                }, new DeploymentOptions().setInstances(instances))
                        .toCompletionStage().toCompletableFuture().get();
                emulator.port = chosen;
                return emulator;
            } catch (Exception e) {
                last = e;
                emulator.closeServers();
                if (port != 0) {
                    break;
                }
            }
        }
        throw new IllegalStateException("emulator could not listen on port " + port, last);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeServers() {
        for (HttpServer server : servers) {
            server.close().toCompletionStage().toCompletableFuture().join();
        }
        servers.clear();

    }

    /** @return base URL of a standalone emulator, for {@code bot.api-url} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops a standalone emulator and its webhook client. */
    public void close() {
        stopRoguePoller();
        closeServers();
        delivery.close();
        if (options.stateDir() != null) {
            return; // kept for the next start, like the real server keeps files
        }
        try (var files = Files.walk(uploads)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory: the OS cleans it up
        }
    }

    /**
     * Adds the Bot API routes ({@code /bot<token>/<method>}) and the controls ({@code /emulator/...}) to a router.
     *
     * @param router the router to extend
     */
    public void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(1024 * 1024);
        // Uploads go to disk as they arrive (Telegram's limit for a bot's file: 50 MB) and stay for getFile.
        BodyHandler api = BodyHandler.create(uploads.toString()).setBodyLimit(52 * 1024 * 1024)
                .setDeleteUploadedFilesOnEnd(false);
        router.routeWithRegex("/bot([^/]+)/([^/]+)").handler(api).handler(this::api);
        EmulatorControls.mount(router, body, api, this);
    }

    // ---------------------------------------------------------------- controls

    /**
     * Injects a private text message from a user, as if the user wrote to the bot.
     *
     * @param chatId the chat (for a private chat equal to the user id)
     * @param text the message text
     * @param fromId the user id, 0 for the chat id
     * @return the update_id, or -1 if {@code allowed_updates} excludes messages
     */
    public long injectMessage(long chatId, String text, long fromId) {
        JsonObject message = userMessage(chatId, text, fromId);
        Long id = injectUpdate(new JsonObject().put("message", message));
        if (id != null) {
            remember(message);
        }
        return id == null ? -1 : id;
    }

    private void remember(JsonObject userMessage) {
        users.remember(userMessage);
        changes.incrementAndGet();
    }

    /**
     * The conversation of one chat as a Telegram client shows it: the users' messages (those injected one by one,
     * not a backlog) and the bot's messages as they are now, in message_id order.
     *
     * @param chatId the chat
     * @param max at most this many, the latest
     * @return the messages, oldest first; the bot's carry {@code from.is_bot=true}
     */
    public List<JsonObject> conversation(long chatId, int max) {
        return users.conversation(sent(chatId), chatId, max);
    }

    /**
     * @return a counter that grows with every change a page could show: a Bot API request arriving or answered, an
     *         injected update, a fault, a webhook set by another party, the other poller started or stopped
     */
    public long changes() {
        return changes.get();
    }

    /**
     * @return the last Bot API requests, oldest first: {@code {"method" (as the Bot API documents it: getUpdates),
     *         "status" (0: no answer, the connection closed), "ms" (time to answer), "at_ms" (epoch ms of the
     *         answer), "rogue" (sent by the other poller)}}
     */
    public List<JsonObject> lastRequests() {
        return requestLog.last();
    }

    /** @return the {@code allowed_updates} of the last getUpdates or setWebhook that gave them; empty: the default */
    public List<String> allowedUpdates() {
        return intake.allowedUpdates();
    }

    /** @return the commands of the last setMyCommands: {@code [{"command", "description"}]} */
    public JsonArray commands() {
        return methods.commands();
    }

    /**
     * Starts another consumer of this bot's updates with the same token, as a ghost process or a laptop would: a
     * loop of long polls ({@code getUpdates?timeout=5}, no offset: it reads but never confirms, so it takes nothing
     * away) over HTTP to this emulator. Every poll of it ends the bot's waiting long poll with 409, and the bot's
     * next poll ends its one. It stops by itself after {@code max}.
     *
     * @param baseUrl where this emulator answers, such as {@code http://127.0.0.1:8080}
     * @param max the longest it runs
     */
    public synchronized void startRoguePoller(String baseUrl, java.time.Duration max) {
        if (rogue == null) {
            rogue = new RoguePoller(vertx, baseUrl, token);
        }
        rogue.start(max);
        changes.incrementAndGet();
    }

    /** Stops the other consumer of {@link #startRoguePoller}; its long poll in flight is abandoned. */
    public synchronized void stopRoguePoller() {
        if (rogue != null) {
            rogue.close();
            rogue = null;
        }
        changes.incrementAndGet();
    }

    /** @return true while the other consumer of {@link #startRoguePoller} polls */
    public synchronized boolean roguePolling() {
        return rogue != null && rogue.running();
    }

    /** Same as {@link #injectMessage(long, String, long)} with the chat id as user id. */
    public long injectMessage(long chatId, String text) {
        return injectMessage(chatId, text, 0);
    }

    /**
     * Injects a raw update; {@code update_id} is assigned.
     *
     * @param update an object with one update type field, such as {@code {"inline_query":{...}}}
     * @return the update_id, or null if {@code allowed_updates} excludes its type
     */
    public Long injectUpdate(JsonObject update) {
        return intake.store(update);
    }

    /**
     * Injects {@code count} messages spread round-robin over {@code chats} chats (ids 1..chats). With {@code text},
     * each is a text message {@code "<chat>:<sequence in chat>"}; without, a sticker (which the echo bot ignores: a
     * no-op for the handler).
     *
     * @return first and last update_id
     */
    public long[] injectBacklog(int count, int chats, boolean text) {
        List<JsonObject> updates = new ArrayList<>(count);
        long[] keys = new long[count];
        int[] seq = new int[chats + 1];
        for (int i = 0; i < count; i++) {
            int chat = 1 + i % chats;
            seq[chat]++;
            JsonObject message = userMessage(chat, chat + ":" + seq[chat], 0);
            if (!text) {
                message.remove("text");
                message.put("sticker", new JsonObject().put("file_id", "sticker-" + i).put("emoji", "x"));
            }
            updates.add(new JsonObject().put("message", message));
            keys[i] = chat;
        }
        return intake.storeAll(updates, keys);
    }

    /** @return every message the bot sent and did not delete, oldest first, edits applied */
    public List<JsonObject> sent() {
        return methods.sent();
    }

    /** @return the messages the bot sent to one chat, oldest first */
    public List<JsonObject> sent(long chatId) {
        return methods.sent().stream().filter(m -> m.getJsonObject("chat").getLong("id") == chatId).toList();
    }

    /** @return how many messages the bot has now (sent and not deleted) */
    public int sentCount() {
        return methods.sentCount();
    }

    /** Drops every pending update, as if a consumer had confirmed them all (a benchmark's fresh start). */
    public void clearPending() {
        intake.clear();
    }

    /** Forgets the recorded messages (the bot's and the users') and calls. */
    public void clearSent() {
        methods.clear();
        users.clear();
        changes.incrementAndGet();
    }

    /**
     * @return every call of a method other than the intake's (getUpdates, the webhook methods, getMe), oldest first:
     *         {@code {"method": "sendphoto", "params": {...}, "files": [{"name", "file_name", "size", "sha256"}]}}
     */
    public List<JsonObject> calls() {
        return methods.calls();
    }

    /**
     * @param fileId a file_id the emulator issued for an upload
     * @return where the uploaded bytes are stored, or null
     */
    public Path uploadedFile(String fileId) {
        return methods.content(fileId);
    }

    /**
     * A user presses an inline keyboard button of a message the bot sent: a {@code callback_query} update.
     *
     * @param chatId the chat of the message
     * @param messageId the bot's message with the keyboard
     * @param data the button's {@code callback_data}
     * @param fromId the user, 0 for the chat id
     * @return the update_id, or null when the bot sent no such message (or callback queries are not allowed)
     */
    public Long injectCallbackQuery(long chatId, long messageId, String data, long fromId) {
        JsonObject message = methods.message(chatId, messageId);
        if (message == null) {
            return null;
        }
        long user = fromId != 0 ? fromId : chatId;
        return injectUpdate(new JsonObject().put("callback_query", new JsonObject()
                .put("id", "cbq-" + ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))
                .put("from", userJson(user)).put("message", message.copy())
                .put("chat_instance", String.valueOf(chatId)).put("data", data)));
    }

    /**
     * A user sends a photo (two sizes, file_ids that getFile and sendPhoto know).
     *
     * @param chatId the chat
     * @param caption the caption or null
     * @param fromId the user, 0 for the chat id
     * @return the update_id, or -1 if {@code allowed_updates} excludes messages
     */
    public long injectPhoto(long chatId, String caption, long fromId) {
        return injectPhoto(chatId, caption, fromId, null);
    }

    /**
     * A user sends a photo whose bytes the emulator keeps: getFile knows its file_ids and
     * {@link #uploadedFile(String)} gives the bytes (the page shows it).
     *
     * @param chatId the chat
     * @param caption the caption or null
     * @param fromId the user, 0 for the chat id
     * @param content the picture (the emulator keeps the file), or null for a photo known only by file_id
     * @return the update_id, or -1 if {@code allowed_updates} excludes messages
     */
    public long injectPhoto(long chatId, String caption, long fromId, Path content) {
        JsonObject message = userMessage(chatId, null, fromId);
        message.remove("text");
        long size = 90_000;
        int width = 1280;
        int height = 960;
        String extension = "jpg";
        if (content != null) {
            try {
                size = Files.size(content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int[] dimensions = ImageSize.of(content);
            if (dimensions != null) {
                width = dimensions[0];
                height = dimensions[1];
            }
            extension = switch (ImageSize.contentType(content)) {
                case "image/png" -> "png";
                case "image/gif" -> "gif";
                case "image/webp" -> "webp";
                default -> "jpg";
            };
        }
        // Telegram sends a thumbnail (at most 90 px a side) and the picture itself (at most 1280 px a side)
        int[] thumb = ImageSize.fit(width, height, 90);
        int[] full = ImageSize.fit(width, height, 1280);
        JsonObject small = methods.registerUserFile("small", content == null ? 1_000 : size, content, thumb[0],
                thumb[1], extension);
        JsonObject large = methods.registerUserFile("large", size, content, full[0], full[1], extension);
        message.put("photo", new JsonArray().add(photoSize(small)).add(photoSize(large)));
        if (caption != null) {
            message.put("caption", caption);
        }
        Long id = injectUpdate(new JsonObject().put("message", message));
        if (id != null) {
            remember(message);
        }
        return id == null ? -1 : id;
    }

    /** A PhotoSize of a registered file: the same file_id and file_unique_id that getFile and the bot's echo carry. */
    private static JsonObject photoSize(JsonObject file) {
        return new JsonObject().put("file_id", file.getString("file_id"))
                .put("file_unique_id", file.getString("file_unique_id")).put("width", file.getInteger("width"))
                .put("height", file.getInteger("height")).put("file_size", file.getLong("file_size"));
    }

    /**
     * Enforces Telegram's message limits from now on (30 sends a second overall, 1,000 with
     * {@code allow_paid_broadcast}, 3 per 3 s to one private chat, 20 a minute to one group; a send while told to
     * wait earns a 10 s flood wait), or stops enforcing them; see {@link SendLimits}.
     *
     * @param on whether to enforce them
     */
    public void limits(boolean on) {
        limits.set(on ? SendLimits.Rates.telegram() : null);
    }

    /**
     * Enforces other limits (tests raise the rates so that a broadcast of thousands takes seconds).
     *
     * @param overall sends per second
     * @param paid sends per second with {@code allow_paid_broadcast}
     * @param privateChat sends per {@code privateWindowSeconds} to one private chat
     * @param privateWindowSeconds its window in seconds
     * @param group sends per {@code groupWindowSeconds} to one group
     * @param groupWindowSeconds its window in seconds
     * @param floodWaitSeconds every send refused this long after a 429 was ignored
     */
    public void limits(int overall, int paid, int privateChat, int privateWindowSeconds, int group,
            int groupWindowSeconds, int floodWaitSeconds) {
        limits.set(new SendLimits.Rates(overall, paid, privateChat, privateWindowSeconds, group, groupWindowSeconds,
                floodWaitSeconds));
    }

    /** @return the sends answered with 429 since the limits were set */
    public int tooManyRequests() {
        return limits.refused();
    }

    /** @return {@code enabled}, {@code rates}, {@code too_many_requests} and {@code flood_waits} */
    public JsonObject limitsState() {
        return limits.state();
    }

    /**
     * From now on, sends to this private chat get {@code 403 Forbidden: bot was blocked by the user}.
     *
     * @param chat the chat id
     */
    public void blockBot(long chat) {
        chatFates.put(chat, 403L);
    }

    /**
     * From now on, sends to this chat get {@code 400 Bad Request: chat not found} (a deleted account or group).
     *
     * @param chat the chat id
     */
    public void forgetChat(long chat) {
        chatFates.put(chat, 400L);
    }

    /**
     * From now on, sends to this group get {@code 400 Bad Request: group chat was upgraded to a supergroup chat} with
     * {@code parameters.migrate_to_chat_id}, as after the group became a supergroup.
     *
     * @param group the group's chat id (negative)
     * @param supergroup the supergroup's chat id ({@code -100...})
     */
    public void migrate(long group, long supergroup) {
        chatFates.put(group, supergroup);
    }

    /** For {@code POST /emulator/limits}: the body's rates ({@link SendLimits.Rates#of}), or off. */
    void limits(JsonObject body) {
        limits.set(body.getBoolean("enabled", true) ? SendLimits.Rates.of(body) : null);
    }

    /** Adds a fault for the next calls of a method. */
    public void addFault(Fault fault) {
        faults.add(fault);
        changes.incrementAndGet();
    }

    /** Removes all faults. */
    public void clearFaults() {
        faults.clear();
        changes.incrementAndGet();
    }

    /** @return how many faulty answers are still queued, over all methods */
    public int pendingFaults() {
        return faults.pending();
    }

    /** Revokes the token: every later call with it gets 401 {@code Unauthorized}. */
    public synchronized void revokeToken() {
        revoked.add(token);
        changes.incrementAndGet();
    }

    /** @return true once {@link #revokeToken()} was called */
    public synchronized boolean tokenRevoked() {
        return revoked.contains(token);
    }

    /**
     * Sets or deletes the webhook as another party would (another deployment with the same token), with the
     * effects of setWebhook: a waiting long poll ends with 409 {@code terminated by setWebhook request}.
     *
     * @param url the URL, empty to delete
     * @param secret secret token or null
     */
    public void setWebhookAsOtherParty(String url, String secret) {
        intake.setWebhookAsOtherParty(url, secret);
    }

    /** @return calls so far of a method (case-insensitive), as {@link System#nanoTime()} stamps */
    public List<Long> calls(String method) {
        return requestLog.calls(method);
    }

    /**
     * @return the client's TCP port of every call so far of a method (case-insensitive), in arrival order: calls
     *         with the same port came over one connection (-1: unknown)
     */
    public List<Integer> clientPorts(String method) {
        return requestLog.clientPorts(method);
    }

    /**
     * @param fromNanos start ({@code System.nanoTime()}), inclusive
     * @param toNanos end, exclusive
     * @return per method (lower case), the calls received in that time; methods without any are left out
     */
    public Map<String, Integer> callCountsBetween(long fromNanos, long toNanos) {
        return requestLog.countsBetween(fromNanos, toNanos);
    }

    /** @return the number of calls so far of a method (case-insensitive) */
    public int callCount(String method) {
        return requestLog.calls(method).size();
    }

    /** @return updates not yet confirmed (polling) or delivered (webhook) */
    public int pendingCount() {
        return intake.pendingCount();
    }

    /** @return the webhook URL, empty when none */
    public String webhookUrl() {
        return intake.webhookUrl();
    }

    /** @return the secret token of the current webhook, or null */
    public String webhookSecret() {
        return intake.webhookSecret();
    }

    /** @return true while a long poll is waiting */
    public boolean longPollWaiting() {
        return intake.longPollWaiting();
    }

    /** @return the emulator's state: pending count, webhook info, call counts */
    public synchronized JsonObject state() {
        JsonObject counts = requestLog.counts();
        JsonObject webhook = intake.webhookInfoNow();
        return new JsonObject().put("ok", true).put("bot_id", botId).put("pending_update_count", intake.pendingCount())
                .put("webhook", webhook).put("long_poll_waiting", intake.longPollWaiting()).put("calls", counts)
                .put("sent_count", methods.sent().size()).put("conflicts", intake.conflictCount())
                .put("other_poller", rogue != null && rogue.running()).put("pending_faults", pendingFaults())
                .put("token_revoked", revoked.contains(token)).put("webhook_by_other_party", intake.webhookByOtherParty());
    }

    /**
     * The state a dev-mode reload or restart must not lose: pending updates, ids, the conversation (the bot's messages
     * and the users'), allowed updates, the bot's own webhook, the files (their ids and where their bytes are) and the
     * bot's commands. What the page's conflict lab caused on purpose (a webhook set
     * by another party, a revoked token) is left behind: after the exit it leads to, a restart starts clean.
     *
     * @return the state as JSON
     */
    public synchronized JsonObject snapshot() {
        JsonObject state = new JsonObject();
        intake.snapshot(state);
        return state.put("next_message_id", nextMessageId.get()).put("sent", methods.snapshot())
                .put("user_messages", users.json()).put("files", methods.snapshotFiles());
    }

    /**
     * Restores a {@link #snapshot()}.
     *
     * @param state the snapshot
     */
    public void restore(JsonObject state) {
        intake.restore(state);
        nextMessageId.set(state.getLong("next_message_id", nextMessageId.get()));
        methods.restore(state.getJsonArray("sent", new JsonArray()));
        state.getJsonArray("user_messages", new JsonArray()).forEach(m -> remember((JsonObject) m));
        JsonObject files = state.getJsonObject("files");
        if (files != null) {
            methods.restoreFiles(files);
        }
        delivery.pump();
    }

    // ---------------------------------------------------------------- the Bot API

    private void api(RoutingContext ctx) {
        String pathToken = ctx.pathParam("param0");
        String method = ctx.pathParam("param1").toLowerCase(Locale.ROOT);
        HttpServerResponse response = ctx.response();
        long start = System.nanoTime();
        boolean byRogue = ROGUE_AGENT.equals(ctx.request().getHeader("User-Agent"));
        String name = ctx.pathParam("param1");
        ctx.addEndHandler(done -> {
            requestLog.answered(name, done.succeeded() ? response.getStatusCode() : 0, start, byRogue);
            changes.incrementAndGet();
        });
        changes.incrementAndGet();
        if (pathToken.startsWith("0") || pathToken.length() > 80 || !pathToken.contains(":")) {
            error(response, 401, "Unauthorized: invalid token specified", null);
            return;
        }
        requestLog.arrived(method, ctx.request().remoteAddress() == null ? -1 : ctx.request().remoteAddress().port());
        Fault fault;
        synchronized (this) {
            if (!pathToken.equals(token) || revoked.contains(pathToken)) {
                error(response, 401, "Unauthorized", null);
                return;
            }
        }
        fault = faults.take(method);
        if (fault != null && fault.kind() == Fault.Kind.PARTIAL) {
            if (method.equals("getme")) {
                JsonObject partial = botUser();
                partial.fieldNames().retainAll(Set.of("id", "first_name", "username"));
                ok(response, partial);
                return;
            }
            fault = null;
        }
        if (fault != null) {
            faults.inject(ctx, fault);
            return;
        }
        Params p;
        try {
            p = Params.of(ctx);
        } catch (RuntimeException e) {
            error(response, 400, "Bad Request: can't parse request body", null);
            return;
        }
        switch (method) {
            case "getme" -> ok(response, botUser());
            case "getupdates" -> intake.getUpdates(ctx, p);
            case "setwebhook" -> intake.setWebhook(response, p, p.string("url", ""));
            case "deletewebhook" -> intake.setWebhook(response, p, "");
            case "getwebhookinfo" -> ok(response, intake.webhookInfoNow());
            default -> other(response, method, p, uploadedParts(ctx));
        }
    }

    private Map<String, BotMethods.Part> uploadedParts(RoutingContext ctx) {
        Map<String, BotMethods.Part> parts = new java.util.LinkedHashMap<>();
        for (io.vertx.ext.web.FileUpload upload : ctx.fileUploads()) {
            parts.put(upload.name(), BotMethods.part(upload.name(), upload.fileName(),
                    Path.of(upload.uploadedFileName())));
        }
        return parts;
    }

    /** Every method but the intake's: {@link BotMethods}, or 404 {@code Not Found: method not found}. */
    private void other(HttpServerResponse response, String method, Params p, Map<String, BotMethods.Part> parts) {
        boolean send = dev.tgbot.pacing.SendPacer.isSend(method);
        long chat = 0;
        if (send) {
            try {
                chat = Long.parseLong(p.string("chat_id", "0"));
            } catch (NumberFormatException username) {
                chat = -1;
            }
        }
        if (send && limits.rates() != null) {
            int retryAfter = limits.admit(chat, "true".equals(p.string("allow_paid_broadcast", "false")));
            if (retryAfter > 0) {
                error(response, 429, "Too Many Requests: retry after " + retryAfter, retryAfter);
                return;
            }
        }
        Long fate = send ? chatFates.get(chat) : null;
        if (fate != null) {
            if (fate == 403L) {
                error(response, 403, "Forbidden: bot was blocked by the user", null);
            } else if (fate == 400L) {
                error(response, 400, "Bad Request: chat not found", null);
            } else {
                json(response, 400, new JsonObject().put("ok", false).put("error_code", 400)
                        .put("description", "Bad Request: group chat was upgraded to a supergroup chat")
                        .put("parameters", new JsonObject().put("migrate_to_chat_id", fate)));
            }
            return;
        }
        try {
            Object result = methods.call(method, p, parts);
            if (result == null) {
                error(response, 404, "Not Found: method not found", null);
            } else {
                ok(response, result);
            }
        } catch (BotMethods.MethodError e) {
            error(response, e.code, e.getMessage(), null);
        } catch (RuntimeException e) {
            error(response, 400, "Bad Request: " + e.getMessage(), null);
        }
    }

    /**
     * Starts an outage: for {@code length}, every call of every method is answered with {@code kind} (an HTML page
     * such as Telegram's front ends send, an error envelope, or a proxy's 200 page); a long poll waiting when it
     * starts is answered so at once. Updates injected meanwhile wait as pending updates.
     *
     * @param length how long it lasts
     * @param kind {@link Fault.Kind#HTML}, {@link Fault.Kind#STATUS} or {@link Fault.Kind#PROXY_PAGE}
     * @param status the HTTP status (502 for HTML is what Telegram's front ends send)
     */
    public void outage(java.time.Duration length, Fault.Kind kind, int status) {
        Fault fault = faults.startOutage(length, kind, status);
        changes.incrementAndGet();
        intake.answerWaiterWith(fault);
    }

    /** Ends the outage now, if one is on. */
    public void endOutage() {
        faults.endOutage();
    }

    /** @return the {@code System.nanoTime()} at which the last outage ends (or ended); 0 before any */
    public long outageEnd() {
        return faults.outageEnd();
    }








    /**
     * @return how many 409 answers reached a client that was still connected (a long poll its client had already
     *         given up, and then evicted, does not count: nobody sees that answer)
     */
    public int conflictCount() {
        return intake.conflictCount();
    }




    // ---------------------------------------------------------------- helpers

    private JsonObject userMessage(long chatId, String text, long fromId) {
        long user = fromId != 0 ? fromId : chatId;
        long messageId = nextMessageId.getAndIncrement();
        return new JsonObject().put("message_id", messageId).put("from", userJson(user))
                .put("chat", new JsonObject().put("id", chatId).put("type", chatId > 0 ? "private" : "group"))
                .put("date", Instant.now().getEpochSecond()).put("text", text);
    }

    private static JsonObject userJson(long user) {
        return new JsonObject().put("id", user).put("is_bot", false).put("first_name", "User " + user);
    }

    private JsonObject botUser() {
        return new JsonObject().put("id", botId).put("is_bot", true).put("first_name", "Emulated Bot")
                .put("username", "emulated_bot").put("can_join_groups", true)
                .put("can_read_all_group_messages", false).put("supports_inline_queries", false);
    }

    static void ok(HttpServerResponse response, Object result) {
        json(response, 200, new JsonObject().put("ok", true).put("result", result));
    }

    static void error(HttpServerResponse response, int code, String description, Integer retryAfter) {
        JsonObject body = new JsonObject().put("ok", false).put("error_code", code).put("description", description);
        if (retryAfter != null) {
            body.put("parameters", new JsonObject().put("retry_after", retryAfter));
            response.putHeader("Retry-After", String.valueOf(retryAfter));
        }
        json(response, code, body);
    }

    static void json(HttpServerResponse response, int status, JsonObject body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }







}
