package dev.tgbot.client;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tgbot.config.BotSettings;

/**
 * Tracks the episodes of failed long polls: a conflict episode (409 {@code terminated by other getUpdates
 * request}) and an outage episode (transient failures). Each episode is logged once at WARN when it starts and once
 * at INFO when the first successful poll ends it, never once per retry. The conflict budget
 * ({@code bot.conflict.max-duration}) is measured from the first 409 of the episode.
 */
@ApplicationScoped
public class PollingMonitor {

    private static final Logger LOG = Logger.getLogger(PollingMonitor.class);

    private final Duration budget;
    private Instant conflictStart;
    private int conflictCount;
    private Instant lastConflict;
    private Instant outageStart;
    private int outageCount;
    private long totalConflicts;
    private long totalTransient;

    PollingMonitor(BotSettings settings) {
        this.budget = settings.conflictBudget();
    }

    /** Records one 409 polling conflict; logs WARN at the first of an episode. */
    public synchronized void onConflict(TelegramApiException e) {
        Instant now = Instant.now();
        lastConflict = now;
        conflictCount++;
        totalConflicts++;
        if (conflictStart == null) {
            conflictStart = now;
            LOG.warnf("Polling conflict: Telegram says another getUpdates consumer uses this bot's token (409 %s). "
                    + "Normal for a moment during a restart or rolling deploy; retrying for up to %ds before exiting.",
                    e.description(), budget.toSeconds());
        }
    }

    /** Records one transient failure (or 429); logs WARN at the first of an outage. */
    public synchronized void onTransient(TelegramApiException e) {
        outageCount++;
        totalTransient++;
        if (outageStart == null) {
            outageStart = Instant.now();
            LOG.warnf("Bot API unavailable for getUpdates (%s); retrying with backoff until it answers.",
                    e.getMessage());
        }
    }

    /** Ends the open episodes: a getUpdates call succeeded. */
    public synchronized void onPollSuccess() {
        if (conflictStart != null) {
            LOG.infof("Polling conflict resolved after %d ms and %d conflict answers: this instance polls alone.",
                    Duration.between(conflictStart, Instant.now()).toMillis(), conflictCount);
            conflictStart = null;
            conflictCount = 0;
        }
        if (outageStart != null) {
            LOG.infof("Bot API reachable again after %d ms and %d failed attempts.",
                    Duration.between(outageStart, Instant.now()).toMillis(), outageCount);
            outageStart = null;
            outageCount = 0;
        }
    }

    /** @return true while no conflict episode is open or the open one is younger than the budget */
    public synchronized boolean withinConflictBudget() {
        return conflictStart == null || Duration.between(conflictStart, Instant.now()).compareTo(budget) < 0;
    }

    /**
     * @param window how recent counts
     * @return true if a polling conflict was seen within {@code window}: another instance has probably taken over
     */
    public synchronized boolean conflictWithin(Duration window) {
        return lastConflict != null && Duration.between(lastConflict, Instant.now()).compareTo(window) < 0;
    }

    /** @return the open conflict episode (start, number of 409s), or null */
    public synchronized ConflictEpisode conflictEpisode() {
        return conflictStart == null ? null
                : new ConflictEpisode(Duration.between(conflictStart, Instant.now()), conflictCount);
    }

    /** @return 409 polling conflicts since startup */
    public synchronized long totalConflicts() {
        return totalConflicts;
    }

    /** @return transient getUpdates failures (and 429s) since startup */
    public synchronized long totalTransientFailures() {
        return totalTransient;
    }

    /** @return true while an outage episode is open */
    public synchronized boolean inOutage() {
        return outageStart != null;
    }

    /**
     * A conflict episode so far.
     *
     * @param duration time since its first 409
     * @param conflicts number of 409 answers in it
     */
    public record ConflictEpisode(Duration duration, int conflicts) {
    }
}
