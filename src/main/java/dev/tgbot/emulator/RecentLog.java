package dev.tgbot.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

import dev.tgbot.client.TokenRedactor;
import io.vertx.core.json.JsonObject;

/**
 * The service's own log lines (category {@code dev.tgbot}, INFO and above) kept for the emulator page, so that a person
 * sees the WARN of a conflict, the retries and the recovery or the diagnosed exit next to the chat. A
 * {@code java.util.logging} handler (Quarkus' JBoss LogManager is one), holding the last 200 lines; the token is
 * redacted as in every log line. Installed by {@link EmbeddedEmulator} while the emulator is active, removed on
 * shutdown or reload.
 */
final class RecentLog extends Handler {

    private static final int MAX = 200;
    private static final String CATEGORY = "dev.tgbot";

    private final Deque<JsonObject> lines = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private Logger logger;

    void install() {
        setLevel(Level.INFO);
        logger = Logger.getLogger(CATEGORY);
        logger.addHandler(this);
    }

    void uninstall() {
        if (logger != null) {
            logger.removeHandler(this);
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || record.getLevel().intValue() < Level.INFO.intValue()) {
            return;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatter.formatMessage(record);
        if (record.getThrown() != null) {
            message = message + ": " + record.getThrown();
        }
        String category = record.getLoggerName() == null ? "" : record.getLoggerName();
        JsonObject line = new JsonObject().put("seq", sequence.incrementAndGet()).put("at_ms", record.getMillis())
                .put("level", level(record.getLevel())).put("category", category.substring(category.lastIndexOf('.') + 1))
                .put("message", TokenRedactor.redact(message));
        synchronized (lines) {
            lines.addLast(line);
            while (lines.size() > MAX) {
                lines.pollFirst();
            }
        }
    }

    private static String level(Level level) {
        int v = level.intValue();
        return v >= Level.SEVERE.intValue() ? "ERROR" : v >= Level.WARNING.intValue() ? "WARN" : "INFO";
    }

    /** @return the sequence number of the last line: grows with every line */
    long version() {
        return sequence.get();
    }

    /** @param max at most this many, the latest @return lines, oldest first: {@code {"seq", "at_ms", "level", "category", "message"}} */
    List<JsonObject> last(int max) {
        synchronized (lines) {
            List<JsonObject> all = new ArrayList<>(lines);
            return all.size() <= max ? all : all.subList(all.size() - max, all.size());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        uninstall();
    }
}
