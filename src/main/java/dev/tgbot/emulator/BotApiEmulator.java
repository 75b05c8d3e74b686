package dev.tgbot.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

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
 * A Bot API server for one bot, on loopback, behaving as {@code bot-api-notes.md} describes: the error envelope,
 * getMe, getUpdates (offset confirmation, clamping, the one long-poll slot and its 409, the webhook-active 409, the
 * anti-busy-loop rules, one immediate 409 per 3 s), setWebhook / deleteWebhook / getWebhookInfo with real delivery
 * (secret header, one update at a time per chat, parallel chats up to max_connections, re-delivery after non-2xx,
 * {@code last_error_message}), and sendMessage (recorded).
 * <p>
 * Controls for tests and people: inject user messages and raw updates, read what the bot sent, inject faults,
 * revoke the token; in Java through this class, over HTTP under {@code /emulator} (see {@link #mount(Router)}).
 * It runs standalone ({@link #start}) or mounted on another router (dev mode). Not a security boundary: it accepts
 * any caller on its port.
 */
public final class BotApiEmulator {

    private final java.util.concurrent.atomic.AtomicInteger conflictsAnswered =
            new java.util.concurrent.atomic.AtomicInteger();

    /** Update types delivered when {@code allowed_updates} is empty or never set. */
    static final Set<String> NOT_BY_DEFAULT = Set.of("chat_member", "message_reaction", "message_reaction_count");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]*");
    private static final long CONFLICT_SPACING_NANOS = 3_000_000_000L;
    private static final int MAX_PENDING = 100_000;

    private final Vertx vertx;
    private final EmulatorOptions options;
    private final long botId;
    private String token;
    private final Set<String> revoked = new HashSet<>();
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private int port;

    // updates
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long nextUpdateId = 100_000 + ThreadLocalRandom.current().nextInt(900_000);
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private List<String> allowedUpdates = List.of();

    // getUpdates
    private Waiter waiter;
    private Long lastOffset;
    private long lastGetUpdatesStart;
    private long lastConflictAnswered = -CONFLICT_SPACING_NANOS;

    // webhook
    private String webhookUrl = "";
    private String secretToken;
    private int maxConnections = 40;
    private long lastSetWebhookNanos = Long.MIN_VALUE / 2;

    // records
    private final BotMethods methods;
    private final WebhookDelivery delivery;
    private final Path uploads;
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final SendLimits limits = new SendLimits();
    /** Chats whose sends fail: 403 (blocked), 400 (not found), or the supergroup a group migrated to. */
    private final Map<Long, Long> chatFates = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, List<Long>> calls = new HashMap<>();
    /** Per method, the client's TCP port of every call: calls with one port came over one connection. */
    private final Map<String, List<Integer>> clientPorts = new HashMap<>();

    // for the page: what users wrote, the last requests, a change counter, the other poller
    private static final int MAX_USER_MESSAGES = 1_000;
    private static final int MAX_REQUESTS = 60;
    /** The User-Agent of {@link RoguePoller}'s requests, so that the request log can tell them apart. */
    static final String ROGUE_AGENT = "emulator-rogue-poller";
    private final Deque<JsonObject> userMessages = new ArrayDeque<>();
    private final Deque<JsonObject> requests = new ArrayDeque<>();
    private final AtomicLong changes = new AtomicLong();
    private boolean webhookByOtherParty;
    private RoguePoller rogue;

    // a time-based outage: every method fails until outageUntil (System.nanoTime)
    private long outageUntil;
    private Fault outageFault;

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
        this.methods = new BotMethods(this::botUser, nextMessageId::getAndIncrement, this::userMessage);
        this.delivery = new WebhookDelivery(this, vertx, options, methods);
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
        // its own lock: BotMethods looks user messages up (a reply's quote) while it holds its lock
        synchronized (userMessages) {
            userMessages.addLast(userMessage);
            while (userMessages.size() > MAX_USER_MESSAGES) {
                userMessages.pollFirst();
            }
        }
        changes.incrementAndGet();
    }

    /** @return the user's message with this id in this chat, among the last ones kept, or null */
    private JsonObject userMessage(long chatId, long messageId) {
        synchronized (userMessages) {
            for (var it = userMessages.descendingIterator(); it.hasNext();) {
                JsonObject m = it.next();
                if (m.getLong("message_id") == messageId && m.getJsonObject("chat").getLong("id") == chatId) {
                    return m;
                }
            }
        }
        return null;
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
        List<JsonObject> all = new ArrayList<>(sent(chatId));
        synchronized (userMessages) {
            for (JsonObject m : userMessages) {
                if (m.getJsonObject("chat").getLong("id") == chatId) {
                    all.add(m);
                }
            }
        }
        all.sort(java.util.Comparator.comparingLong(m -> m.getLong("message_id")));
        return all.size() <= max ? all : all.subList(all.size() - max, all.size());
    }

    /**
     * @return a counter that grows with every change a page could show: a Bot API request arriving or answered, an
     *         injected update, a fault, a webhook set by another party, the other poller started or stopped
     */
    public long changes() {
        return changes.get();
    }

    private JsonArray userMessagesJson() {
        synchronized (userMessages) {
            return new JsonArray(new ArrayList<>(userMessages));
        }
    }

    /**
     * @return the last Bot API requests, oldest first: {@code {"method" (as the Bot API documents it: getUpdates),
     *         "status" (0: no answer, the connection closed), "ms" (time to answer), "at_ms" (epoch ms of the answer), "rogue" (sent by the other poller)}}
     */
    public synchronized List<JsonObject> lastRequests() {
        return new ArrayList<>(requests);
    }

    private void recordRequest(String method, int status, long startNanos, boolean byRogue) {
        JsonObject r = new JsonObject().put("method", MethodNames.canonical(method)).put("status", status)
                .put("ms", (System.nanoTime() - startNanos) / 1_000_000).put("at_ms", System.currentTimeMillis())
                .put("rogue", byRogue);
        synchronized (this) {
            requests.addLast(r);
            while (requests.size() > MAX_REQUESTS) {
                requests.pollFirst();
            }
        }
        changes.incrementAndGet();
    }

    /** @return the {@code allowed_updates} of the last getUpdates or setWebhook that gave them; empty: the default */
    public synchronized List<String> allowedUpdates() {
        return allowedUpdates;
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
        long id;
        synchronized (this) {
            String type = update.fieldNames().stream().filter(f -> !f.equals("update_id")).findFirst().orElse("");
            if (!allowed(type)) {
                return null;
            }
            id = nextUpdateId++;
            JsonObject stored = new JsonObject().put("update_id", id);
            update.forEach(e -> {
                if (!e.getKey().equals("update_id")) {
                    stored.put(e.getKey(), e.getValue());
                }
            });
            pending.put(id, new Pending(stored, keyOf(stored)));
            while (pending.size() > MAX_PENDING) {
                pending.pollFirstEntry();
            }
        }
        changes.incrementAndGet();
        onNewUpdate();
        return id;
    }

    /**
     * Injects {@code count} messages spread round-robin over {@code chats} chats (ids 1..chats). With {@code text},
     * each is a text message {@code "<chat>:<sequence in chat>"}; without, a sticker (which the echo bot ignores: a
     * no-op for the handler).
     *
     * @return first and last update_id
     */
    public long[] injectBacklog(int count, int chats, boolean text) {
        long first;
        long last;
        synchronized (this) {
            first = nextUpdateId;
            int[] seq = new int[chats + 1];
            for (int i = 0; i < count; i++) {
                int chat = 1 + i % chats;
                seq[chat]++;
                long id = nextUpdateId++;
                JsonObject message = userMessage(chat, chat + ":" + seq[chat], 0);
                if (!text) {
                    message.remove("text");
                    message.put("sticker", new JsonObject().put("file_id", "sticker-" + id).put("emoji", "x"));
                }
                JsonObject u = new JsonObject().put("update_id", id).put("message", message);
                pending.put(id, new Pending(u, chat));
            }
            last = nextUpdateId - 1;
        }
        onNewUpdate();
        return new long[] { first, last };
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
        synchronized (this) {
            pending.clear();
        }
        changes.incrementAndGet();
    }

    /** Forgets the recorded messages (the bot's and the users') and calls. */
    public void clearSent() {
        methods.clear();
        synchronized (userMessages) {
            userMessages.clear();
        }
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
            extension = switch (EmulatorControls.contentType(content)) {
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
    public synchronized void addFault(Fault fault) {
        faults.computeIfAbsent(fault.method().toLowerCase(Locale.ROOT), k -> new ArrayDeque<>()).add(fault);
        changes.incrementAndGet();
    }

    /** Removes all faults. */
    public synchronized void clearFaults() {
        faults.clear();
        changes.incrementAndGet();
    }

    /** @return how many faulty answers are still queued, over all methods */
    public synchronized int pendingFaults() {
        return faults.values().stream().flatMap(Deque::stream).mapToInt(Fault::count).sum();
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
        JsonObject result = new JsonObject();
        synchronized (this) {
            applyWebhook(url, secret, 40, null, false, result);
            webhookByOtherParty = !url.isEmpty();
        }
        changes.incrementAndGet();
        afterWebhookChange(result);
    }

    private void afterWebhookChange(JsonObject result) {
        if (result.containsKey("evicted")) {
            Waiter w = (Waiter) result.getValue("evicted");
            vertx.cancelTimer(w.timer);
            conflict(w.response, "Conflict: terminated by setWebhook request");
        }
        delivery.pump();
    }

    /** @return calls so far of a method (case-insensitive), as {@link System#nanoTime()} stamps */
    public synchronized List<Long> calls(String method) {
        return new ArrayList<>(calls.getOrDefault(method.toLowerCase(Locale.ROOT), List.of()));
    }

    /**
     * @return the client's TCP port of every call so far of a method (case-insensitive), in arrival order: calls
     *         with the same port came over one connection (-1: unknown)
     */
    public synchronized List<Integer> clientPorts(String method) {
        return new ArrayList<>(clientPorts.getOrDefault(method.toLowerCase(Locale.ROOT), List.of()));
    }

    /**
     * @param fromNanos start ({@code System.nanoTime()}), inclusive
     * @param toNanos end, exclusive
     * @return per method (lower case), the calls received in that time; methods without any are left out
     */
    public synchronized Map<String, Integer> callCountsBetween(long fromNanos, long toNanos) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        calls.forEach((method, times) -> {
            int n = (int) times.stream().filter(t -> t - fromNanos >= 0 && t - toNanos < 0).count();
            if (n > 0) {
                counts.put(method, n);
            }
        });
        return counts;
    }

    /** @return the number of calls so far of a method (case-insensitive) */
    public synchronized int callCount(String method) {
        return calls.getOrDefault(method.toLowerCase(Locale.ROOT), List.of()).size();
    }

    /** @return updates not yet confirmed (polling) or delivered (webhook) */
    public synchronized int pendingCount() {
        return pending.size();
    }

    /** @return the webhook URL, empty when none */
    public synchronized String webhookUrl() {
        return webhookUrl;
    }

    /** @return the secret token of the current webhook, or null */
    public synchronized String webhookSecret() {
        return secretToken;
    }

    /** @return true while a long poll is waiting */
    public synchronized boolean longPollWaiting() {
        return waiter != null;
    }

    /** @return the emulator's state: pending count, webhook info, call counts */
    public synchronized JsonObject state() {
        JsonObject counts = new JsonObject();
        calls.forEach((m, list) -> counts.put(m, list.size()));
        return new JsonObject().put("ok", true).put("bot_id", botId).put("pending_update_count", pending.size())
                .put("webhook", webhookInfo()).put("long_poll_waiting", waiter != null).put("calls", counts)
                .put("sent_count", methods.sent().size()).put("conflicts", conflictsAnswered.get())
                .put("other_poller", rogue != null && rogue.running()).put("pending_faults", pendingFaults())
                .put("token_revoked", revoked.contains(token)).put("webhook_by_other_party", webhookByOtherParty);
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
        JsonArray updates = new JsonArray();
        pending.values().forEach(p -> updates.add(p.update));
        boolean ownWebhook = !webhookByOtherParty;
        return new JsonObject().put("pending", updates).put("next_update_id", nextUpdateId)
                .put("next_message_id", nextMessageId.get()).put("sent", methods.snapshot())
                .put("user_messages", userMessagesJson())
                .put("allowed_updates", new JsonArray(new ArrayList<>(allowedUpdates)))
                .put("webhook_url", ownWebhook ? webhookUrl : "").put("secret_token", ownWebhook ? secretToken : null)
                .put("max_connections", maxConnections).put("files", methods.snapshotFiles());
    }

    /**
     * Restores a {@link #snapshot()}.
     *
     * @param state the snapshot
     */
    public void restore(JsonObject state) {
        synchronized (this) {
            state.getJsonArray("pending").forEach(u -> {
                JsonObject update = (JsonObject) u;
                pending.put(update.getLong("update_id"), new Pending(update, keyOf(update)));
            });
            nextUpdateId = state.getLong("next_update_id");
            nextMessageId.set(state.getLong("next_message_id"));
            methods.restore(state.getJsonArray("sent"));
            allowedUpdates = state.getJsonArray("allowed_updates").stream().map(String::valueOf).toList();
            webhookUrl = state.getString("webhook_url", "");
            secretToken = state.getString("secret_token");
            maxConnections = state.getInteger("max_connections", 40);
            state.getJsonArray("user_messages", new JsonArray()).forEach(m -> remember((JsonObject) m));
            JsonObject files = state.getJsonObject("files");
            if (files != null) {
                methods.restoreFiles(files);
            }
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
        ctx.addEndHandler(done -> recordRequest(name, done.succeeded() ? response.getStatusCode() : 0, start, byRogue));
        changes.incrementAndGet();
        if (pathToken.startsWith("0") || pathToken.length() > 80 || !pathToken.contains(":")) {
            error(response, 401, "Unauthorized: invalid token specified", null);
            return;
        }
        Fault fault;
        synchronized (this) {
            calls.computeIfAbsent(method, k -> new ArrayList<>()).add(System.nanoTime());
            clientPorts.computeIfAbsent(method, k -> new ArrayList<>())
                    .add(ctx.request().remoteAddress() == null ? -1 : ctx.request().remoteAddress().port());
            if (!pathToken.equals(token) || revoked.contains(pathToken)) {
                error(response, 401, "Unauthorized", null);
                return;
            }
            fault = outageFault != null && System.nanoTime() - outageUntil < 0 ? outageFault : takeFault(method);
        }
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
            inject(ctx, fault);
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
            case "getupdates" -> getUpdates(ctx, p);
            case "setwebhook" -> setWebhook(response, p, p.string("url", ""));
            case "deletewebhook" -> setWebhook(response, p, "");
            case "getwebhookinfo" -> {
                JsonObject info;
                synchronized (this) {
                    info = webhookInfo();
                }
                ok(response, info);
            }
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

    private Fault takeFault(String method) {
        for (String key : new String[] { method, "*" }) {
            Deque<Fault> queue = faults.get(key);
            if (queue != null && !queue.isEmpty()) {
                Fault f = queue.peek();
                if (f.count() <= 1) {
                    queue.poll();
                } else {
                    queue.poll();
                    queue.addFirst(new Fault(f.method(), f.kind(), f.status(), f.retryAfter(), f.count() - 1));
                }
                return f;
            }
        }
        return null;
    }

    private void inject(RoutingContext ctx, Fault fault) {
        HttpServerResponse response = ctx.response();
        switch (fault.kind()) {
            case STATUS, HTML, PROXY_PAGE, PARTIAL -> answer(response, fault);
            case HANG -> vertx.setTimer(120_000, t -> ctx.request().connection().close());
            case RESET -> ctx.request().connection().close();
            case UNSUPPORTED -> {
                if (fault.status() == 404) {
                    error(response, 404, "Not Found: method not found", null);
                } else {
                    json(response, fault.status(), new JsonObject().put("message", "API method "
                            + ctx.pathParam("param1") + " is not supported"));
                }
            }
        }
    }

    /** Answers with a fault that needs only the response: an error envelope or an HTML page. */
    private static void answer(HttpServerResponse response, Fault fault) {
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
                    error(response, 429, "Too Many Requests: retry after " + fault.retryAfter(), fault.retryAfter());
                } else {
                    error(response, fault.status(), describe(fault.status()), null);
                }
            }
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
        if (kind != Fault.Kind.HTML && kind != Fault.Kind.STATUS && kind != Fault.Kind.PROXY_PAGE) {
            throw new IllegalArgumentException("an outage answers html, status or proxy_page, not " + kind);
        }
        Fault fault = new Fault("*", kind, status, 0, 1);
        Waiter w;
        synchronized (this) {
            outageFault = fault;
            outageUntil = System.nanoTime() + length.toNanos();
            w = waiter;
            waiter = null;
        }
        changes.incrementAndGet();
        if (w != null) {
            vertx.cancelTimer(w.timer);
            answer(w.response, fault);
        }
    }

    /** Ends the outage now, if one is on. */
    public synchronized void endOutage() {
        if (outageFault != null && System.nanoTime() - outageUntil < 0) {
            outageUntil = System.nanoTime();
        }
    }

    /** @return the {@code System.nanoTime()} at which the last outage ends (or ended); 0 before any */
    public synchronized long outageEnd() {
        return outageFault == null ? 0 : outageUntil;
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

    private void getUpdates(RoutingContext ctx, Params p) {
        long offset = p.longValue("offset", 0);
        int limit = clamp(p.intValue("limit", 100), 1, 100);
        int timeout = clamp(p.intValue("timeout", 0), 0, 50);
        List<String> allowed = p.stringList("allowed_updates");
        HttpServerResponse response = ctx.response();
        Waiter evicted = null;
        JsonArray ready;
        synchronized (this) {
            if (allowed != null) {
                allowedUpdates = allowed;
            }
            if (!webhookUrl.isEmpty()) {
                conflict(response, "Conflict: can't use getUpdates method while webhook is active; use "
                        + "deleteWebhook to delete the webhook first");
                return;
            }
            confirm(offset);
            long now = System.nanoTime();
            if (lastOffset != null && lastOffset == offset) {
                if (now - lastGetUpdatesStart < 3_000_000_000L && timeout < 3) {
                    timeout = 3;
                }
                if (now - lastGetUpdatesStart < 500_000_000L) {
                    limit = 1;
                }
            }
            lastOffset = offset;
            lastGetUpdatesStart = now;
            ready = collect(offset, limit);
            if (ready.isEmpty() && timeout > 0) {
                evicted = waiter;
                Waiter w = new Waiter(response, offset, limit);
                waiter = w;
                w.timer = vertx.setTimer(timeout * 1000L, t -> answerWaiter(w));
            }
        }
        if (evicted != null) {
            vertx.cancelTimer(evicted.timer);
            conflict(evicted.response, "Conflict: terminated by other getUpdates request; make sure that only one "
                    + "bot instance is running");
        }
        if (!ready.isEmpty() || timeout == 0) {
            ok(response, ready);
        }
    }

    private void confirm(long offset) {
        if (offset > 0) {
            pending.headMap(offset, false).clear();
        } else if (offset < 0) {
            while (pending.size() > -offset) {
                pending.pollFirstEntry();
            }
        }
    }

    private JsonArray collect(long offset, int limit) {
        JsonArray out = new JsonArray();
        for (Pending p : (offset > 0 ? pending.tailMap(offset, true) : pending).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(p.update);
        }
        return out;
    }

    private void answerWaiter(Waiter w) {
        JsonArray ready;
        synchronized (this) {
            if (waiter != w) {
                return;
            }
            waiter = null;
            ready = collect(w.offset, w.limit);
        }
        ok(w.response, ready);
    }

    private void onNewUpdate() {
        Waiter w;
        synchronized (this) {
            w = waiter;
        }
        if (w != null) {
            vertx.cancelTimer(w.timer);
            answerWaiter(w);
        }
        delivery.pump();
    }

    /** At most one 409 per 3 s is answered at once; further ones after a 3 s delay. */
    private void conflict(HttpServerResponse response, String description) {
        boolean now;
        synchronized (this) {
            long t = System.nanoTime();
            now = t - lastConflictAnswered >= CONFLICT_SPACING_NANOS;
            if (now) {
                lastConflictAnswered = t;
            }
        }
        if (now) {
            answerConflict(response, description);
        } else {
            vertx.setTimer(3000, t -> answerConflict(response, description));
        }
    }

    private void answerConflict(HttpServerResponse response, String description) {
        if (!response.closed() && !response.ended()) {
            conflictsAnswered.incrementAndGet();
        }
        error(response, 409, description, null);
    }

    /**
     * @return how many 409 answers reached a client that was still connected (a long poll its client had already
     *         given up, and then evicted, does not count: nobody sees that answer)
     */
    public int conflictCount() {
        return conflictsAnswered.get();
    }

    private void setWebhook(HttpServerResponse response, Params p, String url) {
        String secret = p.string("secret_token", null);
        if (!url.isEmpty()) {
            String bad = checkWebhookUrl(url);
            if (bad != null) {
                error(response, 400, bad, null);
                return;
            }
            if (secret != null && secret.length() > 256) {
                error(response, 400, "Bad Request: secret token is too long", null);
                return;
            }
            if (secret != null && !SECRET.matcher(secret).matches()) {
                error(response, 400, "Bad Request: secret token contains unallowed characters", null);
                return;
            }
        }
        JsonObject result = new JsonObject();
        synchronized (this) {
            long now = System.nanoTime();
            if (!url.isEmpty() && now - lastSetWebhookNanos < 1_000_000_000L) {
                error(response, 429, "Too Many Requests: retry after 1", 1);
                return;
            }
            if (!url.isEmpty()) {
                lastSetWebhookNanos = now;
            }
            applyWebhook(url, secret, clamp(p.intValue("max_connections", 40), 1, 100),
                    p.stringList("allowed_updates"), p.bool("drop_pending_updates"), result);
            webhookByOtherParty = false;
        }
        response.setStatusCode(200).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("ok", true).put("result", true)
                        .put("description", result.getString("description")).encode());
        afterWebhookChange(result);
    }

    private void applyWebhook(String url, String secret, int maxConn, List<String> allowed, boolean drop,
            JsonObject result) {
        if (allowed != null) {
            allowedUpdates = allowed;
        }
        if (drop) {
            pending.clear();
        }
        if (url.isEmpty()) {
            result.put("description", webhookUrl.isEmpty() ? "Webhook is already deleted" : "Webhook was deleted");
            webhookUrl = "";
            secretToken = null;
            return;
        }
        boolean same = url.equals(webhookUrl) && Objects.equals(secret, secretToken)
                && maxConn == maxConnections;
        result.put("description", same ? "Webhook is already set" : "Webhook was set");
        webhookUrl = url;
        secretToken = secret;
        maxConnections = maxConn;
        if (waiter != null) {
            result.put("evicted", waiter);
            waiter = null;
        }
    }

    private String checkWebhookUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return "Bad Request: bad webhook: invalid URL";
        }
        if (uri.getHost() == null) {
            return "Bad Request: bad webhook: invalid URL";
        }
        if (options.allowAnyWebhookUrl()) {
            return null;
        }
        if (!"https".equals(uri.getScheme())) {
            return "Bad Request: bad webhook: An HTTPS URL must be provided for webhook";
        }
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        if (port != 443 && port != 80 && port != 88 && port != 8443) {
            return "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443";
        }
        return null;
    }

    private JsonObject webhookInfo() {
        JsonObject info = new JsonObject().put("url", webhookUrl).put("has_custom_certificate", false)
                .put("pending_update_count", pending.size());
        if (!webhookUrl.isEmpty()) {
            info.put("max_connections", maxConnections);
            if (!allowedUpdates.isEmpty()) {
                info.put("allowed_updates", new JsonArray(new ArrayList<>(allowedUpdates)));
            }
        }
        if (delivery.lastErrorDate() != null) {
            info.put("last_error_date", delivery.lastErrorDate()).put("last_error_message", delivery.lastErrorMessage());
        }
        return info;
    }

    // ---------------------------------------------------------------- helpers

    private boolean allowed(String type) {
        return allowedUpdates.isEmpty() ? !NOT_BY_DEFAULT.contains(type) : allowedUpdates.contains(type);
    }

    /** The delivery lane of a stored update; any JSON is accepted as given (a field of an unexpected type: lane 0). */
    static long keyOf(JsonObject update) {
        for (String field : update.fieldNames()) {
            if (update.getValue(field) instanceof JsonObject body) {
                Object chat = body.getValue("chat");
                if (chat == null && body.getValue("message") instanceof JsonObject message) {
                    chat = message.getValue("chat");
                }
                if (chat instanceof JsonObject c && c.getValue("id") instanceof Number id) {
                    return id.longValue();
                }
                if (body.getValue("from") instanceof JsonObject from && from.getValue("id") instanceof Number id) {
                    return id.longValue();
                }
            }
        }
        return 0;
    }

    private JsonObject userMessage(long chatId, String text, long fromId) {
        long user = fromId != 0 ? fromId : chatId;
        long messageId;
        synchronized (this) {
            messageId = nextMessageId.getAndIncrement();
        }
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

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    private static void ok(HttpServerResponse response, Object result) {
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

    /** @return the pending updates in update_id order; only under this object's lock */
    TreeMap<Long, Pending> pendingUpdates() {
        return pending;
    }

    /** @return the webhook URL, its secret and max_connections; only under this object's lock */
    boolean webhookByOtherPartyLocked() {
        return webhookByOtherParty;
    }

    String webhookUrlLocked() {
        return webhookUrl;
    }

    String secretTokenLocked() {
        return secretToken;
    }

    int maxConnectionsLocked() {
        return maxConnections;
    }

    static final class Pending {
        final JsonObject update;
        final long key;
        int attempts;
        long notBefore;

        Pending(JsonObject update, long key) {
            this.update = update;
            this.key = key;
        }
    }

    private static final class Waiter {
        final HttpServerResponse response;
        final long offset;
        final int limit;
        long timer;

        Waiter(HttpServerResponse response, long offset, int limit) {
            this.response = response;
            this.offset = offset;
            this.limit = limit;
        }
    }
}
