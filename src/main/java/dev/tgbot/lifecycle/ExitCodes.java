package dev.tgbot.lifecycle;

/**
 * Process exit codes of the service, after sysexits.h. README has the same table with what the operator does.
 */
public final class ExitCodes {

    /** Normal shutdown (SIGTERM, Ctrl+C). */
    public static final int OK = 0;
    /** Quarkus' own code for a failed start, such as invalid configuration (the message names the property). */
    public static final int STARTUP_FAILED = 1;
    /** EX_UNAVAILABLE: the Bot API could not be reached within {@code bot.startup-timeout}. */
    public static final int UNAVAILABLE = 69;
    /** EX_SOFTWARE: an unexpected failure that no policy covers. */
    public static final int SOFTWARE = 70;
    /**
     * EX_TEMPFAIL, the default of {@code bot.conflict.exit-code}: another consumer holds the bot's updates (conflict
     * budget exhausted, a webhook set while polling) or another instance on this host holds the lock.
     */
    public static final int CONFLICT = 75;
    /** EX_NOPERM: 401, the token was revoked or mistyped. */
    public static final int UNAUTHORIZED = 77;
    /** EX_CONFIG: configuration that only Telegram can refuse (404 at bot.api-url, a webhook that polling may not take over). */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
