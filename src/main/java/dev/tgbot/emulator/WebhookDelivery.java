package dev.tgbot.emulator;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Webhook delivery as Telegram does it: one POST per update with the secret token header; one update at a time per
 * chat (a failing update blocks its chat), chats in parallel up to {@code max_connections}; only a 2xx counts; a
 * failure is retried after 0, 2, 4, 8, 16, 32 s, then every 60-120 s (scaled by the emulator options), or after the
 * answer's {@code Retry-After}; the failure goes to getWebhookInfo's {@code last_error_message}. A 2xx answer may carry
 * a method call, which is executed and its result discarded. Its state is guarded by the lock of the
 * {@link UpdateIntake} whose pending updates it delivers.
 */
final class WebhookDelivery {

    private final UpdateIntake queue;
    private final Vertx vertx;
    private final EmulatorOptions options;
    private final BotMethods methods;
    private final HttpClient client;
    private final Set<Long> deliveringKeys = new HashSet<>();
    private int deliveriesInFlight;
    private long retryTimer = -1;
    private Long lastErrorDate;
    private String lastErrorMessage;

    WebhookDelivery(UpdateIntake queue, Vertx vertx, EmulatorOptions options, BotMethods methods) {
        this.queue = queue;
        this.vertx = vertx;
        this.options = options;
        this.methods = methods;
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(100).setKeepAlive(true));
    }

    /** @return the time of the last failed delivery (Unix seconds), or null; under the queue's lock */
    Long lastErrorDate() {
        return lastErrorDate;
    }

    /** @return why the last delivery failed, as getWebhookInfo says it, or null; under the queue's lock */
    String lastErrorMessage() {
        return lastErrorMessage;
    }

    void close() {
        client.close();
    }

    /** Starts the deliveries that may start now; schedules the next retry. */
    void pump() {
        List<UpdateIntake.Pending> start = new ArrayList<>();
        String url;
        String secret;
        synchronized (queue) {
            if (queue.webhookUrlLocked().isEmpty() || queue.webhookByOtherPartyLocked()) {
                // the lab's "other deployment" is made up (old-deployment.example.com): its updates stay pending
                // instead of failing deliveries to a host that does not exist, and nothing is lost once it is deleted
                return;
            }
            url = queue.webhookUrlLocked();
            secret = queue.secretTokenLocked();
            long now = System.nanoTime();
            long nextRetry = Long.MAX_VALUE;
            Set<Long> blocked = new HashSet<>(deliveringKeys);
            for (Iterator<UpdateIntake.Pending> it = queue.pendingUpdates().values().iterator(); it.hasNext()
                    && deliveriesInFlight < queue.maxConnectionsLocked();) {
                UpdateIntake.Pending p = it.next();
                if (blocked.contains(p.key)) {
                    continue;
                }
                blocked.add(p.key);
                if (p.notBefore > now) {
                    nextRetry = Math.min(nextRetry, p.notBefore);
                    continue;
                }
                deliveringKeys.add(p.key);
                deliveriesInFlight++;
                start.add(p);
            }
            if (nextRetry != Long.MAX_VALUE && retryTimer == -1) {
                long delayMs = Math.max(1, (nextRetry - now) / 1_000_000);
                retryTimer = vertx.setTimer(delayMs, t -> {
                    synchronized (queue) {
                        retryTimer = -1;
                    }
                    pump();
                });
            }
        }
        for (UpdateIntake.Pending p : start) {
            deliver(p, url, secret);
        }
    }

    private void deliver(UpdateIntake.Pending p, String url, String secret) {
        URI uri = URI.create(url);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setTimeout(options.deliveryTimeout().toMillis()).putHeader("Content-Type", "application/json");
        if (secret != null) {
            request.putHeader("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        Buffer body = Buffer.buffer(p.update.encode());
        client.request(request)
                .compose(req -> req.send(body))
                .compose(resp -> resp.body().map(b -> new Object[] { resp.statusCode(), resp.statusMessage(),
                        resp.getHeader("Retry-After"), b }))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        Object[] r = ar.result();
                        int status = (int) r[0];
                        if (status >= 200 && status < 300) {
                            delivered(p, (Buffer) r[3]);
                        } else {
                            failed(p, "Wrong response from the webhook: " + status + " " + r[1], (String) r[2]);
                        }
                    } else {
                        failed(p, describeDeliveryFailure(ar.cause(), uri), null);
                    }
                });
    }

    private static String describeDeliveryFailure(Throwable e, URI uri) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("Connection refused")) {
            return "Connection refused";
        }
        if (text.toLowerCase(Locale.ROOT).contains("timeout")) {
            return "Read timeout expired";
        }
        return "Connection closed: " + e.getClass().getSimpleName();
    }

    private void delivered(UpdateIntake.Pending p, Buffer answer) {
        synchronized (queue) {
            queue.pendingUpdates().remove(p.update.getLong("update_id"));
            deliveringKeys.remove(p.key);
            deliveriesInFlight--;
        }
        executeAnswer(answer);
        pump();
    }

    /** A 2xx answer may carry a method call ({@code {"method":"sendMessage",...}}); its result is discarded. */
    private void executeAnswer(Buffer answer) {
        if (answer == null || answer.length() == 0) {
            return;
        }
        try {
            JsonObject call = new JsonObject(answer);
            String method = call.getString("method");
            if (method != null) {
                methods.call(method.toLowerCase(Locale.ROOT), Params.of(call), Map.of());
            }
        } catch (RuntimeException ignored) {
            // not a method call, or a failing one: Telegram discards its result either way
        }
    }

    private void failed(UpdateIntake.Pending p, String message, String retryAfterHeader) {
        synchronized (queue) {
            deliveringKeys.remove(p.key);
            deliveriesInFlight--;
            lastErrorDate = Instant.now().getEpochSecond();
            lastErrorMessage = message;
            long delayMs;
            Integer header = parseSeconds(retryAfterHeader);
            if (header != null) {
                delayMs = header * 1000L;
            } else {
                delayMs = p.attempts < 6 ? (p.attempts == 0 ? 0 : (1L << p.attempts) * 1000)
                        : 60_000 + ThreadLocalRandom.current().nextLong(60_000);
            }
            p.attempts++;
            p.notBefore = System.nanoTime() + (long) (delayMs * options.retryDelayScale()) * 1_000_000L;
        }
        pump();
    }

    private static Integer parseSeconds(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
