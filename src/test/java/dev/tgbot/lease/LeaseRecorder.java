package dev.tgbot.lease;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records a lease's listener calls with their time: {@code acquired <epoch>} / {@code lost <why>}. */
final class LeaseRecorder implements SharedLease.Listener {

    record Event(String what, long epoch, long nanos) {
    }

    final String name;
    final List<Event> events = new CopyOnWriteArrayList<>();

    LeaseRecorder(String name) {
        this.name = name;
    }

    @Override
    public void acquired(long epoch) {
        events.add(new Event("acquired", epoch, System.nanoTime()));
    }

    @Override
    public void lost(String why) {
        events.add(new Event("lost", 0, System.nanoTime()));
    }

    /** @return true while the last event is an acquisition */
    boolean holds() {
        return !events.isEmpty() && events.get(events.size() - 1).what().equals("acquired");
    }

    long count(String what) {
        return events.stream().filter(e -> e.what().equals(what)).count();
    }

    Event last(String what) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).what().equals(what)) {
                return events.get(i);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name + events;
    }
}
