package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tgbot.support.Await;
import dev.tgbot.support.FreePort;

/**
 * The memory an update costs is released when it is handled, not when its time limits would have fired: after
 * 20,000 updates through the webhook (no-op handler) and through long polling (the echo bot: one sendMessage each),
 * with a small heap, the live objects that one update keeps while in flight (its Vert.x context, scheduled time
 * limits, fault-tolerance bookkeeping of its Bot API call, the update itself) are back to a handful. Counted with {@code jcmd GC.class_histogram} after a full GC, so the check does not depend on
 * timing: while the per-update time limits (25-60 s) sat in a scheduler queue until they would have fired, tens of
 * thousands were live here.
 */
class MemoryRetentionIT {

    static final int UPDATES = 20_000;
    /** Far below one per update, far above what the idle service keeps. */
    static final long NEAR_ZERO = 1_000;
    static final List<String> PER_UPDATE_CLASSES = List.of("io.vertx.core.impl.DuplicatedContext",
            "org.jboss.threads.EnhancedQueueExecutor$RunnableScheduledFuture",
            "java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask",
            "io.smallrye.mutiny.infrastructure.MutinyScheduler$DecoratedRunnableTask",
            "io.smallrye.faulttolerance.core.metrics.MetricsCollector", "org.telegram.telegrambots.meta.api.objects.Update",
            "org.telegram.telegrambots.meta.api.objects.message.Message");
    static final List<String> SMALL_HEAP = List.of("-Xmx96m", "-XX:+ExitOnOutOfMemoryError");

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    @Test
    void webhookUpdatesLeaveNothingBehindOnceAnswered() throws Exception {
        int port = FreePort.find();
        try (ServiceProcess service = ServiceProcess.start(env.emulator.url(), env.lockDir, Map.of("bot.mode",
                "webhook", "quarkus.http.port", String.valueOf(port), "bot.webhook.url",
                "http://127.0.0.1:" + port + "/telegram/webhook"), SMALL_HEAP)) {
            service.awaitOutput("Webhook set to", Duration.ofSeconds(60));
            WebhookLoad.Result result = WebhookLoad.post(env.vertx, port, UPDATES, 32, 100, 1_000_000);
            assertEquals(0, result.non200(), "every update answered 200");
            assertNearZero(HeapHistogram.liveInstances(service.pid()));
        }
    }

    @Test
    void polledAndAnsweredUpdatesLeaveNothingBehind() {
        try (ServiceProcess service = ServiceProcess.start(env.emulator.url(), env.lockDir, Map.of(), SMALL_HEAP)) {
            Await.until("polling", Duration.ofSeconds(60), () -> env.emulator.longPollWaiting());
            // Text messages: the echo bot answers each with sendMessage, so the outbound path is counted too.
            env.emulator.injectBacklog(UPDATES, 100, true);
            Await.until("every update answered", Duration.ofSeconds(120), () -> env.emulator.sentCount() >= UPDATES);
            Await.until("backlog confirmed", Duration.ofSeconds(60), () -> env.emulator.pendingCount() == 0);
            assertNearZero(HeapHistogram.liveInstances(service.pid()));
        }
    }

    private static void assertNearZero(Map<String, Long> live) {
        Map<String, Long> retained = PER_UPDATE_CLASSES.stream().filter(live::containsKey)
                .collect(Collectors.toMap(c -> c, live::get));
        assertTrue(retained.values().stream().allMatch(n -> n < NEAR_ZERO),
                "after " + UPDATES + " handled updates the service still holds " + retained);
    }
}
