package dev.tgbot.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tgbot.handler.UnreadableUpdate;

/** A dead-letter store as an application would write one: it keeps every {@link UnreadableUpdate} it observes. */
@ApplicationScoped
public class DeadLetterRecorder {

    private final List<UnreadableUpdate> kept = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    void keep(@Observes UnreadableUpdate update) {
        kept.add(update);
        threads.add(Thread.currentThread().getName());
    }

    /** @return what was observed, in order */
    public List<UnreadableUpdate> kept() {
        return List.copyOf(kept);
    }

    /** @return the threads the observer ran on */
    public List<String> threads() {
        return List.copyOf(threads);
    }
}
