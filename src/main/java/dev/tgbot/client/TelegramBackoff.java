package dev.tgbot.client;

import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Backoff of the Bot API retries: exactly {@code retry_after} seconds after a 429 (Telegram counts from its
 * answer), else 1 s, 2 s, then every 3 s, with +-20 % jitter so that replicas do not retry in step. The cap is what
 * ends an outage on time: the bot is back within about 4 s of the Bot API's return however long the outage lasted,
 * and asks about once per 3 s meanwhile (an hour-long outage: some 1,200 calls of a poller). One instance per guarded
 * invocation.
 */
public final class TelegramBackoff implements CustomBackoffStrategy {

    static final long INITIAL_MILLIS = 1_000;
    static final long MAX_MILLIS = 3_000;

    private long next = INITIAL_MILLIS;

    @Override
    public long nextDelayInMillis(Throwable cause) {
        if (cause instanceof TelegramApiException e && e.retryAfter().isPresent()) {
            return e.retryAfter().get() * 1000L;
        }
        long base = next;
        next = Math.min(MAX_MILLIS, next * 2);
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return (long) (base * jitter);
    }
}
