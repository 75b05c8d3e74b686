package dev.tgbot.emulator;

import java.net.URI;
import java.time.Duration;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * A second consumer of the bot's updates with the same token, for the page's conflict lab: what a ghost process or a
 * laptop polling with the production token does. It long-polls {@code getUpdates?timeout=5} without an offset, over
 * HTTP like any client, again 200-300 ms after each poll ends (1 s after a failed connection).
 * Without an offset it never confirms anything, so it takes no update away from the bot. Stops after the time given
 * to {@link #start(Duration)}, or on {@link #stop()}. Not thread-confined: guarded by the emulator's lock.
 */
final class RoguePoller {

    private final Vertx vertx;
    private final HttpClient client;
    private final RequestOptions request;
    private volatile boolean running;
    private volatile long deadline;
    private int generation;

    RoguePoller(Vertx vertx, String baseUrl, String token) {
        this.vertx = vertx;
        URI uri = URI.create(baseUrl);
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(2).setIdleTimeout(60));
        this.request = new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost())
                .setPort(uri.getPort() == -1 ? 80 : uri.getPort())
                .setURI("/bot" + token + "/getUpdates?timeout=5")
                .putHeader("User-Agent", BotApiEmulator.ROGUE_AGENT).setTimeout(15_000);
    }

    synchronized void start(Duration max) {
        deadline = System.nanoTime() + max.toNanos();
        if (!running) {
            running = true;
            poll(++generation);
        }
    }

    synchronized void stop() {
        running = false;
        generation++;
    }

    /** Stops and closes its HTTP client. */
    void close() {
        stop();
        client.close();
    }

    boolean running() {
        if (running && System.nanoTime() > deadline) {
            stop();
        }
        return running;
    }

    private void poll(int mine) {
        synchronized (this) {
            if (!running() || mine != generation) {
                return;
            }
        }
        client.request(request).compose(req -> req.send()).compose(resp -> resp.body().map(b -> resp.statusCode()))
                // after a 409 or an answer with updates (never confirmed: the same ones come back at once) it pauses, so
                // that it fights like a second instance and does not spin
                .onComplete(done -> vertx.setTimer(done.failed() ? 1000 : done.result() == 200 ? 300 : 200,
                        t -> poll(mine)));
    }
}
