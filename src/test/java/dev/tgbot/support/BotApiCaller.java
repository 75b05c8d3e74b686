package dev.tgbot.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.vertx.core.json.JsonObject;

/** Calls a Bot API server directly, as another bot instance (or a rogue poller) would. Loopback only. */
public final class BotApiCaller {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /**
     * @param apiUrl the server's base URL
     * @param token the token to use
     */
    public BotApiCaller(String apiUrl, String token) {
        this.base = apiUrl + "/bot" + token + "/";
    }

    /** @return the answer of {@code method} with a JSON body: status and parsed envelope */
    public Answer call(String method, JsonObject params) {
        try {
            return callAsync(method, params).get(75, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the answer of {@code method}, asynchronously */
    public CompletableFuture<Answer> callAsync(String method, JsonObject params) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + method)).timeout(Duration.ofSeconds(70))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.encode())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null)));
    }

    /** Sends a raw GET with a query string. */
    public Answer get(String methodAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + methodAndQuery)).GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
    }

    /**
     * An answer of the Bot API server.
     *
     * @param status HTTP status
     * @param body raw body
     * @param retryAfterHeader the Retry-After header or null
     */
    public record Answer(int status, String body, String retryAfterHeader) {
        /** @return the body as JSON */
        public JsonObject json() {
            return new JsonObject(body);
        }

        /** @return the description of a failure */
        public String description() {
            return json().getString("description");
        }
    }
}
