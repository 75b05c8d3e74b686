package dev.tgbot.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How updates leave the emulator, as {@code bot-api-notes.md} describes the real server: the pending updates and
 * their ids, {@code allowed_updates}, getUpdates (offset confirmation, clamping, the one long-poll slot and its 409,
 * the webhook-active 409, the anti-busy-loop rules, one immediate 409 per 3 s), and the webhook (setWebhook,
 * deleteWebhook, getWebhookInfo; delivery itself is {@link WebhookDelivery}'s). One lock, this object's, guards it
 * all; {@link WebhookDelivery} takes it too.
 */
final class UpdateIntake {

    /** Update types delivered when {@code allowed_updates} is empty or never set. */
    static final Set<String> NOT_BY_DEFAULT = Set.of("chat_member", "message_reaction", "message_reaction_count");
    private static final long CONFLICT_SPACING_NANOS = 3_000_000_000L;
    /** The real server keeps updates for 24 hours; the emulator keeps at most this many, dropping the oldest. */
    static final int MAX_PENDING = 100_000;

    private final Vertx vertx;
    private final boolean allowAnyWebhookUrl;
    private final AtomicLong changes;
    private final AtomicInteger conflictsAnswered = new AtomicInteger();
    private WebhookDelivery delivery;

    // updates
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long nextUpdateId = 100_000 + ThreadLocalRandom.current().nextInt(900_000);
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
    private boolean webhookByOtherParty;

    /**
     * @param allowAnyWebhookUrl accept http and any port for setWebhook ({@link EmulatorOptions#allowAnyWebhookUrl()})
     * @param changes the emulator's change counter, for the page
     */
    UpdateIntake(Vertx vertx, boolean allowAnyWebhookUrl, AtomicLong changes) {
        this.vertx = vertx;
        this.allowAnyWebhookUrl = allowAnyWebhookUrl;
        this.changes = changes;
    }

    void delivery(WebhookDelivery delivery) {
        this.delivery = delivery;
    }

    /**
     * Stores an update and assigns its update_id; a waiting long poll or the webhook gets it at once.
     *
     * @return the update_id, or null when {@code allowed_updates} excludes its type
     */
    Long store(JsonObject update) {
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
     * Stores many updates with consecutive update_ids, whatever {@code allowed_updates} says (a backlog).
     *
     * @param updates each without update_id
     * @param keys the delivery lane of each (its chat)
     * @return first and last update_id
     */
    long[] storeAll(List<JsonObject> updates, long[] keys) {
        long first;
        synchronized (this) {
            first = nextUpdateId;
            for (int i = 0; i < updates.size(); i++) {
                long id = nextUpdateId++;
                JsonObject u = new JsonObject().put("update_id", id);
                updates.get(i).forEach(e -> u.put(e.getKey(), e.getValue()));
                pending.put(id, new Pending(u, keys[i]));
            }
        }
        changes.incrementAndGet();
        onNewUpdate();
        return new long[] { first, first + updates.size() - 1 };
    }

    void clear() {
        synchronized (this) {
            pending.clear();
        }
        changes.incrementAndGet();
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized List<String> allowedUpdates() {
        return allowedUpdates;
    }

    synchronized String webhookUrl() {
        return webhookUrl;
    }

    synchronized String webhookSecret() {
        return secretToken;
    }

    /** @return getWebhookInfo's result, taking this object's lock */
    synchronized JsonObject webhookInfoNow() {
        return webhookInfo();
    }

    synchronized boolean longPollWaiting() {
        return waiter != null;
    }

    synchronized boolean webhookByOtherParty() {
        return webhookByOtherParty;
    }

    /** @return how many 409 answers reached a client that was still connected */
    int conflictCount() {
        return conflictsAnswered.get();
    }

    /**
     * Sets or deletes the webhook as another party would (another deployment with the same token), with the
     * effects of setWebhook: a waiting long poll ends with 409 {@code terminated by setWebhook request}.
     */
    void setWebhookAsOtherParty(String url, String secret) {
        JsonObject result = new JsonObject();
        synchronized (this) {
            applyWebhook(url, secret, 40, null, false, result);
            webhookByOtherParty = !url.isEmpty();
        }
        changes.incrementAndGet();
        afterWebhookChange(result);
    }

    /** An outage began: a waiting long poll gets its failing answer at once. */
    void answerWaiterWith(Fault fault) {
        Waiter w;
        synchronized (this) {
            w = waiter;
            waiter = null;
        }
        if (w != null) {
            vertx.cancelTimer(w.timer);
            FaultInjector.answer(w.response, fault);
        }
    }

    /** Adds the pending updates, ids, allowed updates and the bot's own webhook to a snapshot. */
    synchronized void snapshot(JsonObject into) {
        JsonArray updates = new JsonArray();
        pending.values().forEach(p -> updates.add(p.update));
        boolean ownWebhook = !webhookByOtherParty;
        into.put("pending", updates).put("next_update_id", nextUpdateId)
                .put("allowed_updates", new JsonArray(new ArrayList<>(allowedUpdates)))
                .put("webhook_url", ownWebhook ? webhookUrl : "").put("secret_token", ownWebhook ? secretToken : null)
                .put("max_connections", maxConnections);
    }

    /** Restores what {@link #snapshot} wrote. */
    synchronized void restore(JsonObject state) {
        state.getJsonArray("pending", new JsonArray()).forEach(u -> {
            JsonObject update = (JsonObject) u;
            pending.put(update.getLong("update_id"), new Pending(update, keyOf(update)));
        });
        nextUpdateId = state.getLong("next_update_id", nextUpdateId);
        allowedUpdates = state.getJsonArray("allowed_updates", new JsonArray()).stream().map(String::valueOf).toList();
        webhookUrl = state.getString("webhook_url", "");
        secretToken = state.getString("secret_token");
        maxConnections = state.getInteger("max_connections", 40);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    /** getUpdates: confirms the offset, answers what is pending or waits (one long poll slot; the 409 rules). */
    void getUpdates(RoutingContext ctx, Params p) {
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
            BotApiEmulator.ok(response, ready);
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
        BotApiEmulator.ok(w.response, ready);
    }

    void onNewUpdate() {
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
        BotApiEmulator.error(response, 409, description, null);
    }

    /** setWebhook ({@code url} given) and deleteWebhook ({@code url} empty), with the real server's checks. */
    void setWebhook(HttpServerResponse response, Params p, String url) {
        String secret = p.string("secret_token", null);
        if (!url.isEmpty()) {
            String bad = WebhookRules.checkUrl(url, allowAnyWebhookUrl);
            if (bad != null) {
                BotApiEmulator.error(response, 400, bad, null);
                return;
            }
            String badSecret = WebhookRules.checkSecret(secret);
            if (badSecret != null) {
                BotApiEmulator.error(response, 400, badSecret, null);
                return;
            }
        }
        JsonObject result = new JsonObject();
        synchronized (this) {
            long now = System.nanoTime();
            if (!url.isEmpty() && now - lastSetWebhookNanos < 1_000_000_000L) {
                BotApiEmulator.error(response, 429, "Too Many Requests: retry after 1", 1);
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

    /** @return getWebhookInfo's result; only under this object's lock */
    JsonObject webhookInfo() {
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

    /** @return whether {@code allowed_updates} lets an update of this type in; only under this object's lock */
    boolean allowed(String type) {
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

    void afterWebhookChange(JsonObject result) {
        if (result.containsKey("evicted")) {
            Waiter w = (Waiter) result.getValue("evicted");
            vertx.cancelTimer(w.timer);
            conflict(w.response, "Conflict: terminated by setWebhook request");
        }
        delivery.pump();
    }
}
