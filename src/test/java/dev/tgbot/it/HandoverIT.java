package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tgbot.emulator.Fault;
import dev.tgbot.support.Await;

/** Restarts lose nothing: SIGTERM hands over cleanly, SIGKILL repeats at most the updates in flight. */
class HandoverIT {

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    List<String> texts(long chat) {
        return env.emulator.sent(chat).stream().map(m -> m.getString("text")).toList();
    }

    @Test
    void sigtermFinishesTheHandlerConfirmsTheOffsetAndTheNextInstanceSeesNothingTwice() {
        try (ServiceProcess first = env.start()) {
            first.awaitOutput("Long polling started", Duration.ofSeconds(30));
            // the echo's sendMessage fails twice: its handler is still running when SIGTERM arrives
            env.emulator.addFault(Fault.status("sendMessage", 500, 2));
            env.emulator.injectMessage(1, "slow");
            Await.until("the first sendMessage attempt", Duration.ofSeconds(10),
                    () -> env.emulator.callCount("sendMessage") >= 1);
            first.terminate();
            int code = first.awaitExit(Duration.ofSeconds(30));
            assertTrue(first.output().contains("Shutdown: confirmed offset"), "exit " + code + "\n"
                    + first.output());
        }
        assertEquals(List.of("slow"), texts(1), "the in-flight handler finished before the exit");
        assertEquals(0, env.emulator.pendingCount(), "the offset was confirmed");
        try (ServiceProcess next = env.start()) {
            next.awaitOutput("Long polling started", Duration.ofSeconds(30));
            env.emulator.injectMessage(1, "next");
            Await.until("the next echo", Duration.ofSeconds(10), () -> texts(1).size() >= 2);
            assertEquals(List.of("slow", "next"), texts(1), "nothing handled twice");
        }
    }

    @Test
    void sigkillLosesNothingAndRepeatsOnlyUpdatesThatWereInFlight() {
        int chats = 10;
        int perChat = 40;
        try (ServiceProcess first = env.start()) {
            first.awaitOutput("Long polling started", Duration.ofSeconds(30));
            env.emulator.addFault(Fault.status("sendMessage", 500, 20));
            for (int i = 0; i < perChat; i++) {
                for (long chat = 1; chat <= chats; chat++) {
                    env.emulator.injectMessage(chat, chat + ":" + i);
                }
            }
            Await.until("some echoes", Duration.ofSeconds(20), () -> env.emulator.sent().size() >= 60);
            first.kill();
            first.awaitExit(Duration.ofSeconds(10));
        }
        int beforeRestart = env.emulator.sent().size();
        try (ServiceProcess next = env.start()) {
            Await.until("every update handled", Duration.ofSeconds(60), () -> {
                for (long chat = 1; chat <= chats; chat++) {
                    if (new LinkedHashSet<>(texts(chat)).size() < perChat) {
                        return false;
                    }
                }
                return true;
            });
        }
        int duplicates = 0;
        for (long chat = 1; chat <= chats; chat++) {
            List<String> got = texts(chat);
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(got));
            duplicates += got.size() - distinct.size();
            for (int i = 0; i < perChat; i++) {
                assertEquals(chat + ":" + i, distinct.get(i), "chat " + chat + ": all there, in order");
            }
        }
        assertTrue(duplicates <= 100 + 100, "only updates in flight at the kill repeat (at most one batch plus "
                + "the dispatcher's buffer): " + duplicates + " of " + beforeRestart + " echoes before the kill");
    }
}
