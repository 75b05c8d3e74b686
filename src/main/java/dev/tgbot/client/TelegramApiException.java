package dev.tgbot.client;

import java.util.Optional;

/**
 * The one failure type of every Bot API call: an error envelope ({@code error_code}, {@code description},
 * {@code parameters.retry_after}, {@code parameters.migrate_to_chat_id}), a non-JSON error page (a 502 from Telegram's front ends), or a transport failure
 * (connection refused or reset, connect or read timeout; then {@link #errorCode()} is 0).
 * <p>
 * The message never contains the bot token: transport messages are redacted by {@link TokenRedactor} before they
 * get here. {@link #kind()} classifies the failure; {@link ApiFailures} offers the same as predicates.
 */
public class TelegramApiException extends RuntimeException {

    /** What a failure means for the caller. */
    public enum Kind {
        /** 409 {@code terminated by other getUpdates request}: another instance polls with this token. */
        POLLING_CONFLICT,
        /**
         * 409 {@code can't use getUpdates method while webhook is active} or {@code terminated by setWebhook
         * request}: a webhook is set, polling is impossible.
         */
        WEBHOOK_ACTIVE,
        /** Any other 409, such as {@code terminated by other setWebhook}. */
        OTHER_CONFLICT,
        /** 429 {@code Too Many Requests}; {@link #retryAfter()} says how long to wait. */
        RATE_LIMITED,
        /** 401: the token is malformed, revoked or unknown. Never retried. */
        UNAUTHORIZED,
        /** 404: a wrong {@code bot.api-url} or an unknown method. */
        NOT_FOUND,
        /**
         * 5xx (JSON or not), connect and read timeouts, connection refused or reset, and an HTTP 200 that is no Bot
         * API envelope (a proxy's or captive portal's page). Worth retrying.
         */
        TRANSIENT,
        /**
         * An error whose body is JSON but no Telegram envelope (no {@code ok}), such as HTTP 500
         * {@code {"message":"API method getWebhookInfo is not supported"}}: a Bot API server that implements only
         * part of the API. Asking again gets the same answer: never retried.
         */
        UNSUPPORTED,
        /**
         * Other 4xx such as 400 {@code Bad Request} or 403 {@code Forbidden}: the request itself is wrong; or
         * {@code error_code} 200: a Bot API envelope whose {@code result} the library's types cannot hold (the call
         * itself succeeded: a sendMessage asked again would send twice). Never retried.
         */
        REJECTED
    }

    private final String method;
    private final int errorCode;
    private final String description;
    private final Integer retryAfter;
    private final Long migrateToChatId;
    private final Kind kind;
    private final boolean envelope;

    /**
     * @param method the Bot API method, for example {@code getUpdates}
     * @param errorCode the {@code error_code} (the HTTP status), 0 for a transport failure
     * @param description the {@code description}, or a text describing the transport failure; must not contain
     *        the token
     * @param retryAfter {@code parameters.retry_after} in seconds, or null
     */
    public TelegramApiException(String method, int errorCode, String description, Integer retryAfter) {
        this(method, errorCode, description, retryAfter, null);
    }

    /**
     * @param method the Bot API method, for example {@code sendMessage}
     * @param errorCode the {@code error_code} (the HTTP status), 0 for a transport failure
     * @param description the {@code description}; must not contain the token
     * @param retryAfter {@code parameters.retry_after} in seconds, or null
     * @param migrateToChatId {@code parameters.migrate_to_chat_id} (a group became a supergroup), or null
     */
    public TelegramApiException(String method, int errorCode, String description, Integer retryAfter,
            Long migrateToChatId) {
        this(method, errorCode, description, retryAfter, migrateToChatId, null, false);
    }

    private TelegramApiException(String method, int errorCode, String description, Integer retryAfter,
            Long migrateToChatId, Kind kind, boolean envelope) {
        super(method + " failed: " + (errorCode == 0 ? "" : errorCode + " ") + description, null, false, true);
        this.method = method;
        this.errorCode = errorCode;
        this.description = description == null ? "" : description;
        this.retryAfter = retryAfter;
        this.migrateToChatId = migrateToChatId;
        this.kind = kind != null ? kind : classify(errorCode, this.description);
        this.envelope = envelope;
    }

    /**
     * A Bot API error envelope ({@code {"ok":false,"error_code":N,...}}): the Bot API server itself answered, so it is
     * reachable, whatever the code (a 500 {@code Internal Server Error: restart} included).
     *
     * @param method the Bot API method
     * @param errorCode the {@code error_code}
     * @param description the {@code description}, redacted
     * @param retryAfter {@code parameters.retry_after} in seconds, or null
     * @param migrateToChatId {@code parameters.migrate_to_chat_id}, or null
     * @return the failure, {@link #fromBotApi()} true
     */
    static TelegramApiException errorEnvelope(String method, int errorCode, String description, Integer retryAfter,
            Long migrateToChatId) {
        return new TelegramApiException(method, errorCode, description, retryAfter, migrateToChatId, null, true);
    }

    /**
     * @param method the Bot API method
     * @param status the HTTP status
     * @param body the JSON error body that is no Telegram envelope, redacted
     * @return an {@link Kind#UNSUPPORTED} failure
     */
    static TelegramApiException notAnEnvelope(String method, int status, String body) {
        return new TelegramApiException(method, status, "an answer that is no Bot API envelope: " + body, null, null,
                Kind.UNSUPPORTED, false);
    }

    /**
     * An HTTP 200 whose body is no Bot API envelope ({@code {"ok":true,"result":...}}): a captive portal's or a
     * misconfigured proxy's page, a truncated answer. Not Telegram speaking, so it is treated as an outage
     * ({@link Kind#TRANSIENT}): retried with backoff, never a crash.
     *
     * @param method the Bot API method
     * @param contentType the answer's {@code Content-Type}, or null when unknown
     * @param body the answer; only its first bytes are quoted, redacted
     * @return a {@link Kind#TRANSIENT} failure with error code 200
     */
    static TelegramApiException notBotApiAnswer(String method, String contentType, String body) {
        String head = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        if (head.length() > 80) {
            head = head.substring(0, 80) + "...";
        }
        return new TelegramApiException(method, 200, "an answer that is no Bot API envelope ("
                + (contentType == null || contentType.isBlank() ? "no content type" : contentType) + "): "
                + TokenRedactor.redact(head), null, null, Kind.TRANSIENT, false);
    }

    /** @return the Bot API method that failed */
    public String method() {
        return method;
    }

    /** @return the {@code error_code} (equal to the HTTP status), or 0 for a transport failure */
    public int errorCode() {
        return errorCode;
    }

    /** @return the {@code description} from the server, or the redacted transport failure text */
    public String description() {
        return description;
    }

    /** @return {@code parameters.retry_after} (or the {@code Retry-After} header) in seconds, if given */
    public Optional<Integer> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** @return {@code parameters.migrate_to_chat_id}: the supergroup a group was migrated to, if given */
    public Optional<Long> migrateToChatId() {
        return Optional.ofNullable(migrateToChatId);
    }

    /**
     * @param otherMethod the method to name instead
     * @return this failure as the failure of {@code otherMethod}
     */
    TelegramApiException forMethod(String otherMethod) {
        return method.equals(otherMethod) ? this
                : new TelegramApiException(otherMethod, errorCode, description, retryAfter, migrateToChatId, kind,
                        envelope);
    }

    /**
     * @return true when the Bot API server answered with an error envelope; false for a transport failure, a page
     *         that is no Bot API answer (a 502 from Telegram's front ends, a proxy's page) or a failure made here
     */
    public boolean fromBotApi() {
        return envelope;
    }

    /** @return the classification of this failure */
    public Kind kind() {
        return kind;
    }

    static Kind classify(int code, String description) {
        if (code == 0 || code >= 500) {
            return Kind.TRANSIENT;
        }
        return switch (code) {
            case 401 -> Kind.UNAUTHORIZED;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            case 409 -> {
                if (description.contains("terminated by other getUpdates request")) {
                    yield Kind.POLLING_CONFLICT;
                }
                if (description.contains("webhook is active") || description.contains("terminated by setWebhook")) {
                    yield Kind.WEBHOOK_ACTIVE;
                }
                yield Kind.OTHER_CONFLICT;
            }
            default -> Kind.REJECTED;
        };
    }
}
