package dev.tgbot.emulator;

/**
 * A fault the emulator injects into the next {@code count} calls of a method.
 *
 * @param method Bot API method name (case-insensitive), or {@code *} for every method
 * @param kind what happens
 * @param status HTTP status / error_code for {@link Kind#STATUS} and {@link Kind#HTML} (200 for {@link Kind#PROXY_PAGE})
 * @param retryAfter seconds for a 429 ({@code parameters.retry_after} and {@code Retry-After}), or 0
 * @param count how many calls are affected
 */
public record Fault(String method, Kind kind, int status, int retryAfter, int count) {

    /** The kinds of fault. */
    public enum Kind {
        /** An error envelope with {@code status} (429 carries retry_after). */
        STATUS,
        /** A non-JSON HTML error page with {@code status}, as Telegram's front ends send for 502. */
        HTML,
        /** No answer at all: the request hangs until the client gives up (closed after 120 s). */
        HANG,
        /** The connection is closed without an answer. */
        RESET,
        /**
         * The method is not implemented, as partial Bot API servers and proxies answer: with {@code status} 404 the
         * envelope {@code Not Found: method not found}; else {@code status} with a JSON body that is no Telegram
         * envelope, {@code {"message":"API method ... is not supported"}}.
         */
        UNSUPPORTED,
        /**
         * HTTP 200 with a {@code text/html} page instead of the Bot API's answer, as a captive portal or a misconfigured
         * reverse proxy sends.
         */
        PROXY_PAGE,
        /**
         * getMe answered as telegram-test-api (npm) does: {@code id}, {@code first_name} and {@code username}, without
         * {@code is_bot} and the capability flags. Other methods answer as usual.
         */
        PARTIAL
    }

    /** @return a fault answering {@code count} calls of {@code method} with {@code status} */
    public static Fault status(String method, int status, int count) {
        return new Fault(method, Kind.STATUS, status, 0, count);
    }

    /** @return a fault answering {@code count} calls with 429 and {@code retry_after} seconds */
    public static Fault tooManyRequests(String method, int retryAfter, int count) {
        return new Fault(method, Kind.STATUS, 429, retryAfter, count);
    }

    /** @return {@code count} calls of {@code method} answered as unsupported ({@link Kind#UNSUPPORTED}) */
    public static Fault unsupported(String method, int status, int count) {
        return new Fault(method, Kind.UNSUPPORTED, status, 0, count);
    }

    /** @return a fault of {@code kind} for {@code count} calls */
    public static Fault of(String method, Kind kind, int count) {
        int status = switch (kind) {
            case HTML -> 502;
            case PROXY_PAGE, PARTIAL -> 200;
            default -> 500;
        };
        return new Fault(method, kind, status, 0, count);
    }
}
