package dev.tgbot.pacing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.tgbot.config.BotConfig;
import dev.tgbot.config.BotSettings;
import dev.tgbot.lifecycle.Timeouts;
import io.smallrye.mutiny.Uni;

/**
 * Paces the sends ({@code send*}, {@code copyMessage(s)}, {@code forwardMessage(s)}) under Telegram's limits
 * (core.telegram.org/bots/faq), each as "at most N in any window" ({@link SlidingWindow}):
 * <ul>
 * <li>overall: {@code bot.pacing.overall} per second (30), evenly spaced (no bursts: see {@link SlidingWindow}); sends
 * with {@code allow_paid_broadcast} count against {@code bot.pacing.paid} per second (1,000) instead;</li>
 * <li>per private chat (a positive chat id): {@code bot.pacing.private-chat} per {@code bot.pacing.private-chat-window}
 * (3 per 3 s: bursts of 3, one a second on average);</li>
 * <li>per group or channel (a negative chat id or an {@code @username}): {@code bot.pacing.group} per
 * {@code bot.pacing.group-window} (20 per minute).</li>
 * </ul>
 * <b>Replies first</b>: a send made while handling an update reserves its slot when it asks; bulk sends
 * ({@link Broadcaster}) ask one at a time, each after the one before got its slot, so a running broadcast holds at
 * most one future slot and delays a reply by at most one slot of the overall rate.
 * <p>
 * A 429 pauses the scope it concerns for its {@code retry_after}: the chat when its own window is full, else every
 * send (the overall rate, or a flood wait), sends that already had their slot included; a 429 for another chat while
 * a chat's pause runs pauses every send too. Chat windows idle for longer than their window are forgotten,
 * so memory follows the chats active in the last minute.
 */
@ApplicationScoped
public class SendPacer {

    private static final Logger LOG = Logger.getLogger(SendPacer.class);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /**
     * Added to every window: sends reach the server up to a round trip apart from when they left, so a send exactly
     * one window after the N-th before it could land inside the server's window.
     */
    static final long MARGIN = TimeUnit.MILLISECONDS.toNanos(100);

    private final boolean enabled;
    private final int privateMax;
    private final long privateWindow;
    private final int groupMax;
    private final long groupWindow;
    private final SlidingWindow overall;
    private final SlidingWindow paid;
    private final Map<String, SlidingWindow> chats = new HashMap<>();
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private CompletableFuture<Void> bulkTail = CompletableFuture.completedFuture(null);
    private String lastLimitedChat;
    private long lastLimitedUntil = Long.MIN_VALUE;
    private long lastSweep;

    @Inject
    SendPacer(BotSettings settings) {
        this(settings.config().pacing());
    }

    /** @param config {@code bot.pacing.*} */
    public SendPacer(BotConfig.Pacing config) {
        this.enabled = config.enabled();
        this.overall = new SlidingWindow(config.overall(), SECOND + MARGIN, true);
        this.paid = new SlidingWindow(config.paid(), SECOND + MARGIN, true);
        this.privateMax = config.privateChat();
        this.privateWindow = config.privateChatWindow().toNanos() + MARGIN;
        this.groupMax = config.group();
        this.groupWindow = config.groupWindow().toNanos() + MARGIN;
    }

    /** @return whether sends are paced ({@code bot.pacing.enabled}) */
    public boolean enabled() {
        return enabled;
    }

    /**
     * @param method the Bot API method name (any case)
     * @return whether Telegram's message limits apply to it
     */
    public static boolean isSend(String method) {
        String m = method.toLowerCase(java.util.Locale.ROOT);
        return m.startsWith("send") || m.startsWith("copymessage") || m.startsWith("forwardmessage");
    }

    /**
     * Waits for the send's slot.
     *
     * @param chatId the {@code chat_id} as sent (a number or {@code @username}), or null when the method has none
     * @param paidBroadcast whether it sets {@code allow_paid_broadcast}
     * @param bulk whether it is a bulk send ({@link Broadcaster}), which gives way to replies
     * @return completes when the send may go (at once when pacing is off)
     */
    public Uni<Void> permit(String chatId, boolean paidBroadcast, boolean bulk) {
        if (!enabled) {
            sent.incrementAndGet();
            return Uni.createFrom().voidItem();
        }
        if (!bulk) {
            return reserve(chatId, paidBroadcast);
        }
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> before;
            synchronized (this) {
                before = bulkTail;
                bulkTail = mine;
            }
            return Uni.createFrom().completionStage(before).chain(() -> reserve(chatId, paidBroadcast))
                    .onTermination().invoke(() -> mine.complete(null));
        });
    }

    private Uni<Void> reserve(String chatId, boolean paidBroadcast) {
        return Uni.createFrom().deferred(() -> {
            long now = System.nanoTime();
            long chatSlot;
            synchronized (this) {
                chatSlot = chatId == null ? now : chat(chatId, now).reserve(now);
            }
            waiting.incrementAndGet();
            return delayUntil(chatSlot).chain(() -> overallSlot(paidBroadcast ? paid : overall, 0))
                    .onTermination().invoke(() -> {
                waiting.decrementAndGet();
                sent.incrementAndGet();
            });
        });
    }

    /**
     * Waits for a slot of the overall (or paid) window; when a 429 paused the bot while it waited, it takes a new slot
     * after the pause instead of going at the old one (that send would earn a flood wait).
     */
    private Uni<Void> overallSlot(SlidingWindow window, int round) {
        long slot;
        synchronized (this) {
            slot = window.reserve(System.nanoTime());
        }
        return delayUntil(slot).chain(() -> {
            boolean paused;
            synchronized (this) {
                paused = window.pausedUntil() > System.nanoTime();
            }
            return paused && round < 10 ? overallSlot(window, round + 1) : Uni.createFrom().voidItem();
        });
    }

    private static Uni<Void> delayUntil(long time) {
        long wait = time - System.nanoTime();
        if (wait <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().onExecutor(Timeouts.scheduler())
                .by(Duration.ofNanos(wait));
    }

    private SlidingWindow chat(String chatId, long now) {
        if (chats.size() > 1_000 && now - lastSweep > SECOND) {
            lastSweep = now;
            for (Iterator<SlidingWindow> it = chats.values().iterator(); it.hasNext();) {
                if (it.next().idle(now)) {
                    it.remove();
                }
            }
        }
        boolean group = chatId.startsWith("-") || chatId.startsWith("@");
        return chats.computeIfAbsent(chatId, c -> group ? new SlidingWindow(groupMax, groupWindow, false)
                : new SlidingWindow(privateMax, privateWindow, false));
    }

    /**
     * A send got 429: pauses its chat for {@code retry_after}, or every send when another chat's pause is still
     * running (a flood wait of the whole bot).
     *
     * @param chatId the send's {@code chat_id}, or null
     * @param retryAfterSeconds Telegram's {@code retry_after}
     */
    public void rateLimited(String chatId, int retryAfterSeconds) {
        rateLimited.incrementAndGet();
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long until = now + TimeUnit.SECONDS.toNanos(Math.max(1, retryAfterSeconds));
        synchronized (this) {
            // the chat's own limit when its window is full, else the bot's: Telegram's answer does not say which
            SlidingWindow chat = chatId == null ? null : chat(chatId, now);
            boolean chatScope = chat != null && chat.full(now);
            boolean flood = !chatScope || lastLimitedChat != null && !lastLimitedChat.equals(chatId)
                    && lastLimitedUntil > now;
            if (flood) {
                overall.pause(until);
                paid.pause(until);
                LOG.warnf("429 beyond a single chat's limit: every send pauses %d s", retryAfterSeconds);
            } else {
                chat.pause(until);
            }
            lastLimitedChat = chatId;
            lastLimitedUntil = until;
        }
    }

    /** @return sends waiting for their slot now */
    public long waitingCount() {
        return waiting.get();
    }

    /** @return sends let through since the start */
    public long sentCount() {
        return sent.get();
    }

    /** @return 429 answers to sends since the start */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    /** @return chat windows kept now (the chats with a send in the last window) */
    public synchronized int chatWindows() {
        return chats.size();
    }
}
