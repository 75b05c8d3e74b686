package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tgbot.support.Await;
import dev.tgbot.support.TestPostgres;
import io.vertx.core.json.JsonObject;

/**
 * Two packaged instances on "two hosts" (no shared lock directory) with the PostgreSQL lease, against the emulator
 * and a real PostgreSQL: a rolling deploy and a crash under a steady stream of updates. Prints the figures README
 * quotes.
 */
class LeaseIT {

    static final int CHATS = 10;

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    final String lease = "it-" + UUID.randomUUID().toString().substring(0, 8);
    final Map<Long, List<String>> injected = new ConcurrentHashMap<>();
    final AtomicBoolean feeding = new AtomicBoolean(true);
    final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        feeding.set(false);
        started.forEach(ServiceProcess::close);
    }

    ServiceProcess track(ServiceProcess process) {
        started.add(process);
        return process;
    }

    ServiceProcess start(String... extra) {
        List<String> props = new ArrayList<>(List.of("bot.lock.kind", "postgresql",
                "bot.lock.lease-name", lease,
                "quarkus.datasource.reactive.url", TestPostgres.reactiveUrl(),
                "quarkus.datasource.username", "postgres"));
        props.addAll(List.of(extra));
        // a separate lock directory each: the host lock must play no part
        env.lockDir = env.lockDir.resolveSibling(env.lockDir.getFileName() + "-" + UUID.randomUUID());
        return track(env.start(props.toArray(String[]::new)));
    }

    /** Injects one text message every 20 ms (50 updates/s) over {@link #CHATS} chats until stopped. */
    Thread feed() {
        return feed(20);
    }

    /** Injects one text message every {@code intervalMs} over {@link #CHATS} chats until stopped. */
    Thread feed(long intervalMs) {
        Thread feeder = new Thread(() -> {
            int i = 0;
            while (feeding.get()) {
                long chat = 1 + i % CHATS;
                String text = chat + ":" + i;
                injected.computeIfAbsent(chat, c -> new CopyOnWriteArrayList<>()).add(text);
                env.emulator.injectMessage(chat, text);
                i++;
                try {
                    Thread.sleep(intervalMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "feeder");
        feeder.start();
        return feeder;
    }

    void stopFeeding(Thread feeder) throws InterruptedException {
        feeding.set(false);
        feeder.join();
    }

    static HttpResponse<String> ready(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/q/health/ready")).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    List<String> texts(long chat) {
        return env.emulator.sent(chat).stream().map(m -> m.getString("text")).toList();
    }

    boolean allAnswered() {
        return injected.entrySet().stream()
                .allMatch(e -> new LinkedHashSet<>(texts(e.getKey())).containsAll(e.getValue()));
    }

    /** @return the longest time between two consecutive sendMessage calls, in ms */
    long longestReplyGap() {
        List<Long> at = env.emulator.calls().stream().filter(c -> "sendmessage".equals(c.getString("method")))
                .map(c -> c.getLong("at_ms")).sorted().toList();
        long gap = 0;
        for (int i = 1; i < at.size(); i++) {
            gap = Math.max(gap, at.get(i) - at.get(i - 1));
        }
        return gap;
    }

    int duplicates() {
        int duplicates = 0;
        for (long chat : injected.keySet()) {
            List<String> got = texts(chat);
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(got));
            duplicates += got.size() - distinct.size();
            assertEquals(injected.get(chat), distinct, "chat " + chat + ": every update answered, in order");
        }
        return duplicates;
    }

    @Test
    void rollingDeployHandsOverWithoutA409WithoutLossAndWithoutDuplicates() throws Exception {
        ServiceProcess old = start();
        old.awaitOutput("Long polling started", Duration.ofSeconds(30));
        Thread feeder = feed();
        Thread.sleep(2000);
        int port = dev.tgbot.support.FreePort.find();
        ServiceProcess next = start("quarkus.http.port", String.valueOf(port));
        next.awaitOutput("Standby: the PostgreSQL lease", Duration.ofSeconds(30));
        assertFalse(next.output().contains("Long polling started"), "the standby does not poll");
        HttpResponse<String> ready = ready(port);
        assertEquals(200, ready.statusCode(), "a standby is ready, or a rolling update would stall: "
                + ready.body());
        JsonObject check = new JsonObject(ready.body()).getJsonArray("checks").getJsonObject(0).getJsonObject(
                "data");
        assertEquals("standby", check.getString("role"), ready.body());
        assertTrue(check.getString("lease_holder").contains("/" + old.pid() + "/"), "the holder is the old "
                + "instance: " + ready.body());
        Thread.sleep(1000);

        long sigterm = System.currentTimeMillis();
        old.terminate();
        int code = old.awaitExit(Duration.ofSeconds(30));
        long exited = System.currentTimeMillis();
        next.awaitOutput("Long polling started", Duration.ofSeconds(10));
        long polling = System.currentTimeMillis();
        Await.until("the new holder reports itself", Duration.ofSeconds(5), () -> {
            try {
                return ready(port).body().contains("\"leader\"");
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(2000);
        stopFeeding(feeder);
        Await.until("every update answered", Duration.ofSeconds(30), this::allAnswered);

        String oldLog = old.output();
        assertFalse(oldLog.contains("not confirming"), oldLog);
        assertTrue(oldLog.contains("Released the PostgreSQL lease"), oldLog);
        assertEquals(0, env.emulator.conflictCount(), "no 409 reached either instance");
        // a 409 named in a log line, not the digits of a timestamp's milliseconds (".409") or of an update_id
        assertFalse(java.util.regex.Pattern.compile("(?<![.\\d])409(?!\\d)").matcher(next.output()).find(),
                next.output());
        int duplicates = duplicates();
        long gap = longestReplyGap();
        long drain = exited - sigterm;
        long firstNewReply = env.emulator.calls().stream().filter(c -> "sendmessage".equals(c.getString(
                "method"))).mapToLong(c -> c.getLong("at_ms")).filter(t -> t > exited).min().orElse(-1);
        System.out.printf("LeaseIT rolling deploy: %d updates, SIGTERM to exit %d ms (code %d), exit to the "
                + "standby's first poll %d ms, to its first reply %d ms, longest reply gap %d ms, duplicates %d, "
                + "409s %d%n", injected.values().stream().mapToInt(List::size).sum(), drain, code,
                polling - exited, firstNewReply - exited, gap, duplicates, env.emulator.conflictCount());
        assertEquals(0, duplicates, "nothing handled twice");
        assertTrue(gap <= drain + 1000, "reply gap " + gap + " ms within the old instance's drain (" + drain
                + " ms) plus 1 s");
    }

    /**
     * The same rolling deploy on "two hosts" with the default host lock, which cannot see the other host: both poll
     * and meet at the emulator as they would at Telegram. Shows that the emulator counts the 409s the lease avoids.
     * Five updates per second: a poll that finds updates waiting returns at once and evicts nobody, so the pollers
     * meet only while one of them waits, as at Telegram.
     */
    @Test
    void withoutALeaseTheSameRollingDeployMeets409s() throws Exception {
        env.lockDir = env.lockDir.resolveSibling(env.lockDir.getFileName() + "-old");
        ServiceProcess old = track(env.start());
        old.awaitOutput("Long polling started", Duration.ofSeconds(30));
        Thread feeder = feed(200);
        Thread.sleep(2000);
        env.lockDir = env.lockDir.resolveSibling(env.lockDir.getFileName() + "-new");
        ServiceProcess next = track(env.start());
        next.awaitOutput("Long polling started", Duration.ofSeconds(30));
        Thread.sleep(3000);
        long sigterm = System.currentTimeMillis();
        old.terminate();
        old.awaitExit(Duration.ofSeconds(30));
        long drain = System.currentTimeMillis() - sigterm;
        Thread.sleep(2000);
        stopFeeding(feeder);
        Await.until("every update answered", Duration.ofSeconds(60), this::allAnswered);
        int duplicates = duplicates();
        System.out.printf("LeaseIT rolling deploy without a lease: %d updates, SIGTERM to exit %d ms, longest "
                + "reply gap %d ms, duplicates %d, 409s %d%n", injected.values().stream().mapToInt(List::size)
                        .sum(), drain, longestReplyGap(), duplicates, env.emulator.conflictCount());
        assertTrue(env.emulator.conflictCount() > 0, "two pollers meet at the Bot API");
    }

    @Test
    void aStandbyTakesOverFromAKilledHolderWithinTheLeaseDuration() throws Exception {
        Duration leaseDuration = Duration.ofSeconds(4);
        ServiceProcess holder = start("bot.lock.lease-duration", "4s");
        holder.awaitOutput("Long polling started", Duration.ofSeconds(30));
        ServiceProcess standby = start("bot.lock.lease-duration", "4s");
        standby.awaitOutput("Standby: the PostgreSQL lease", Duration.ofSeconds(30));
        Thread feeder = feed();
        Thread.sleep(1500);
        long killed = System.currentTimeMillis();
        holder.kill();
        holder.awaitExit(Duration.ofSeconds(10));
        standby.awaitOutput("Long polling started", leaseDuration.plusSeconds(5));
        long takeover = System.currentTimeMillis() - killed;
        Thread.sleep(1000);
        stopFeeding(feeder);
        Await.until("every update answered", Duration.ofSeconds(30), this::allAnswered);
        int duplicates = duplicates();
        System.out.printf("LeaseIT SIGKILL: lease duration %d s, kill to the standby's first poll %d ms, "
                + "duplicates %d (updates in flight at the kill), 409s %d%n", leaseDuration.toSeconds(),
                takeover, duplicates, env.emulator.conflictCount());
        assertTrue(takeover <= leaseDuration.toMillis() + 1000, "takeover within the lease duration plus a "
                + "second: " + takeover + " ms\n" + standby.output());
        assertTrue(duplicates <= 100, "only updates in flight repeat: " + duplicates);
        assertEquals(0, env.emulator.conflictCount(), "no 409 reached the new holder");
    }

    /** A conversation of the example bot ({@code /order}) in its own chat, the step's question awaited. */
    void say(long chat, String text, String expectedAnswer) {
        int before = env.emulator.sent(chat).size();
        env.emulator.injectMessage(chat, text);
        Await.until("\"" + expectedAnswer + "\" in chat " + chat, Duration.ofSeconds(20),
                () -> env.emulator.sent(chat).size() > before);
        assertEquals(expectedAnswer, texts(chat).get(before), "chat " + chat + ": " + texts(chat));
    }

    /**
     * {@code bot.state.store=postgresql}: a restart between two steps of a conversation continues where it was (the
     * answer to the question asked before the restart is taken as that answer, not echoed).
     */
    @Test
    void aConversationInPostgresqlContinuesAcrossARestart() throws Exception {
        String table = "state_" + UUID.randomUUID().toString().substring(0, 8);
        ServiceProcess first = start("bot.state.store", "postgresql", "bot.state.table", table);
        first.awaitOutput("Long polling started", Duration.ofSeconds(30));
        long chat = 7001;
        say(chat, "/order", "What name is the order for?");
        say(chat, "Alice", "How many for Alice?");
        first.terminate();
        first.awaitExit(Duration.ofSeconds(30));
        ServiceProcess second = start("bot.state.store", "postgresql", "bot.state.table", table);
        second.awaitOutput("Long polling started", Duration.ofSeconds(30));
        say(chat, "3", "Order: 3 for Alice");
        say(chat, "3", "3"); // the conversation has ended: echoed again
    }

    /**
     * {@code bot.state.store=postgresql} with the lease: the holder is killed ({@code kill -9}) at 50 updates/s in the
     * middle of a conversation. The standby takes over, continues the conversation, and skips the updates the killed
     * holder handled but never confirmed: only those under way at the kill may repeat (at most one per chat).
     */
    @Test
    void aKilledHolderRepeatsOnlyWhatWasUnderWayWhenTheStateIsInPostgresql() throws Exception {
        String table = "state_" + UUID.randomUUID().toString().substring(0, 8);
        String[] props = { "bot.lock.lease-duration", "4s", "bot.state.store", "postgresql", "bot.state.table", table };
        ServiceProcess holder = start(props);
        holder.awaitOutput("Long polling started", Duration.ofSeconds(30));
        ServiceProcess standby = start(props);
        standby.awaitOutput("Standby: the PostgreSQL lease", Duration.ofSeconds(30));
        long chat = 7002;
        say(chat, "/order", "What name is the order for?");
        say(chat, "Bob", "How many for Bob?");
        Thread feeder = feed();
        Thread.sleep(1500);
        holder.kill();
        holder.awaitExit(Duration.ofSeconds(10));
        standby.awaitOutput("Long polling started", Duration.ofSeconds(10));
        Thread.sleep(1000);
        stopFeeding(feeder);
        Await.until("every update answered", Duration.ofSeconds(30), this::allAnswered);
        say(chat, "4", "Order: 4 for Bob");
        int duplicates = duplicates();
        java.util.regex.Matcher skipped = java.util.regex.Pattern.compile("was handled before").matcher(
                standby.output());
        int skips = 0;
        while (skipped.find()) {
            skips++;
        }
        System.out.printf("LeaseIT SIGKILL with bot.state.store=postgresql: %d updates, duplicates %d (under way at "
                + "the kill), skipped as handled before %d, 409s %d%n", injected.values().stream()
                        .mapToInt(List::size).sum(), duplicates, skips, env.emulator.conflictCount());
        assertTrue(duplicates <= CHATS, "at most one update per chat was under way at the kill: " + duplicates);
        assertEquals(0, env.emulator.conflictCount(), "no 409 reached the new holder");
    }
}
