package dev.tgbot.client;

import java.util.function.Predicate;

import dev.tgbot.client.TelegramApiException.Kind;

/**
 * Named predicates over Bot API failures, for {@code onFailure(...)} in Mutiny and {@code whenException(...)} in
 * SmallRye Fault Tolerance guards. Each matches a {@link TelegramApiException} of one {@link Kind}.
 */
public final class ApiFailures {

    /** 409 {@code terminated by other getUpdates request}: another instance is polling. */
    public static final Predicate<Throwable> IS_POLLING_CONFLICT = kind(Kind.POLLING_CONFLICT);
    /** 409 because a webhook is set ({@code webhook is active}, {@code terminated by setWebhook request}). */
    public static final Predicate<Throwable> IS_WEBHOOK_ACTIVE = kind(Kind.WEBHOOK_ACTIVE);
    /** 429 with {@code retry_after}. */
    public static final Predicate<Throwable> IS_RATE_LIMITED = kind(Kind.RATE_LIMITED);
    /** 401: wrong or revoked token. */
    public static final Predicate<Throwable> IS_UNAUTHORIZED = kind(Kind.UNAUTHORIZED);
    /** 404: wrong {@code bot.api-url} or method. */
    public static final Predicate<Throwable> IS_NOT_FOUND = kind(Kind.NOT_FOUND);
    /** 5xx, non-JSON error pages, timeouts, refused and reset connections. */
    public static final Predicate<Throwable> IS_TRANSIENT = kind(Kind.TRANSIENT);
    /** Any other 409, such as {@code terminated by other setWebhook} (two replicas setting the webhook at once). */
    public static final Predicate<Throwable> IS_OTHER_CONFLICT = kind(Kind.OTHER_CONFLICT);
    /** Failures that heal by waiting: transient ones and 429. */
    public static final Predicate<Throwable> IS_TRANSIENT_OR_RATE_LIMITED = IS_TRANSIENT.or(IS_RATE_LIMITED);
    /**
     * The server does not implement the method: 404 {@code Not Found: method not found}, or an error body that is
     * no Telegram envelope ({@link Kind#UNSUPPORTED}).
     */
    public static final Predicate<Throwable> IS_METHOD_UNSUPPORTED = kind(Kind.UNSUPPORTED).or(e -> IS_NOT_FOUND.test(e)
            && ((TelegramApiException) e).description().contains("method not found"));

    private ApiFailures() {
    }

    private static Predicate<Throwable> kind(Kind kind) {
        return t -> t instanceof TelegramApiException e && e.kind() == kind;
    }
}
