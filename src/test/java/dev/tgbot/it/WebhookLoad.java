package dev.tgbot.it;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.tgbot.config.BotSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Posts updates to the webhook endpoint of a service on loopback, as Telegram would: each a sticker message (the
 * echo bot ignores it: a no-op handler) with its own update_id, spread over chats, the derived secret token in the
 * header, over a fixed number of keep-alive connections. Bounded by the request count.
 */
final class WebhookLoad {

    /** What a run measured. */
    record Result(int requests, double seconds, long[] latencyNanos, long non200) {
        double perSecond() {
            return requests / seconds;
        }

        /** @param quantile 0.5 for the median, 0.99 for p99 */
        double latencyMillis(double quantile) {
            long[] sorted = Arrays.copyOf(latencyNanos, latencyNanos.length);
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
        }
    }

    private WebhookLoad() {
    }

    /**
     * @param port the service's HTTP port (endpoint {@code /telegram/webhook})
     * @param requests how many updates to post
     * @param connections requests in flight at once
     * @param chats updates are spread round-robin over chats 1..chats
     * @param firstId the first update_id; the others follow
     * @return throughput, latencies and the number of answers other than 200 (failed requests included)
     */
    static Result post(Vertx vertx, int port, int requests, int connections, int chats, long firstId) throws Exception {
        String secret = BotSettings.deriveSecret(ServiceProcess.TOKEN);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(connections)
                .setKeepAlive(true));
        long[] latencies = new long[requests];
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long start = System.nanoTime();
        Runnable[] sendOne = new Runnable[1];
        sendOne[0] = () -> {
            int i = sent.getAndIncrement();
            if (i >= requests) {
                return;
            }
            long id = firstId + i;
            long chat = 1 + i % chats;
            Buffer body = Buffer.buffer("{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id
                    + ",\"date\":1,\"chat\":{\"id\":" + chat + ",\"type\":\"private\"},\"sticker\":{\"file_id\":\"s\"}}}");
            long t = System.nanoTime();
            client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                    .setURI("/telegram/webhook").putHeader("Content-Type", "application/json")
                    .putHeader("X-Telegram-Bot-Api-Secret-Token", secret))
                    .compose(req -> req.send(body)).compose(resp -> {
                        if (resp.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                        return resp.body();
                    }).onComplete(ar -> {
                        if (ar.failed()) {
                            failures.incrementAndGet();
                        }
                        latencies[i] = System.nanoTime() - t;
                        if (done.incrementAndGet() == requests) {
                            finished.complete(null);
                        } else {
                            sendOne[0].run();
                        }
                    });
        };
        for (int c = 0; c < connections; c++) {
            sendOne[0].run();
        }
        finished.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close();
        return new Result(requests, seconds, latencies, failures.get());
    }
}
