package dev.tgbot.emulator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * Telegram's message limits, enforced when asked ({@code POST /emulator/limits}, or {@code bot.emulator.limits=true}
 * in dev mode), as the real server punishes a bot that floods: a send beyond "at most N in any window" gets
 * {@code 429 Too Many Requests: retry after N} with {@code parameters.retry_after} (the seconds until the window has
 * room); a bot that sends again while told to wait gets a <em>flood wait</em>: every send is refused for
 * {@link Rates#floodWaitSeconds} seconds. The windows: overall per second (sends with {@code allow_paid_broadcast}
 * against their own rate), per private chat (a positive chat id), per group (a negative one).
 */
final class SendLimits {

    /**
     * @param overall sends per second overall
     * @param paid sends per second with {@code allow_paid_broadcast}
     * @param privateChat sends per {@code privateWindowSeconds} to one private chat
     * @param privateWindowSeconds its window
     * @param group sends per {@code groupWindowSeconds} to one group
     * @param groupWindowSeconds its window
     * @param floodWaitSeconds how long every send is refused after a 429 was ignored
     */
    record Rates(int overall, int paid, int privateChat, int privateWindowSeconds, int group, int groupWindowSeconds,
            int floodWaitSeconds) {

        /** Telegram's documented limits (core.telegram.org/bots/faq) and a 10 s flood wait. */
        static Rates telegram() {
            return new Rates(30, 1000, 3, 3, 20, 60, 10);
        }

        static Rates of(JsonObject json) {
            Rates d = telegram();
            return new Rates(json.getInteger("overall", d.overall), json.getInteger("paid", d.paid),
                    json.getInteger("private_chat", d.privateChat),
                    json.getInteger("private_chat_window", d.privateWindowSeconds), json.getInteger("group", d.group),
                    json.getInteger("group_window", d.groupWindowSeconds),
                    json.getInteger("flood_wait", d.floodWaitSeconds));
        }

        JsonObject toJson() {
            return new JsonObject().put("overall", overall).put("paid", paid).put("private_chat", privateChat)
                    .put("private_chat_window", privateWindowSeconds).put("group", group)
                    .put("group_window", groupWindowSeconds).put("flood_wait", floodWaitSeconds);
        }
    }

    private Rates rates;
    private final ArrayDeque<Long> overall = new ArrayDeque<>();
    private final ArrayDeque<Long> paid = new ArrayDeque<>();
    private final Map<Long, ArrayDeque<Long>> chats = new HashMap<>();
    /** until when the bot was told to wait: for everything (overall), or for one chat */
    private long waitUntil = Long.MIN_VALUE;
    private final Map<Long, Long> chatWaitUntil = new HashMap<>();
    private long floodUntil = Long.MIN_VALUE;
    private int refused;
    private int floodWaits;

    /** @param rates the limits to enforce, or null for none (the default: a forgiving server) */
    synchronized void set(Rates rates) {
        this.rates = rates;
        overall.clear();
        paid.clear();
        chats.clear();
        chatWaitUntil.clear();
        waitUntil = Long.MIN_VALUE;
        floodUntil = Long.MIN_VALUE;
    }

    synchronized Rates rates() {
        return rates;
    }

    /**
     * @param chatId the send's chat
     * @param paidBroadcast whether it sets {@code allow_paid_broadcast}
     * @return 0 when the send is admitted (and counted), else the {@code retry_after} seconds of its 429
     */
    synchronized int admit(long chatId, boolean paidBroadcast) {
        if (rates == null) {
            return 0;
        }
        long now = System.nanoTime();
        if (now < floodUntil) {
            refused++;
            return seconds(floodUntil - now);
        }
        Long chatWait = chatWaitUntil.get(chatId);
        if (now < waitUntil || chatWait != null && now < chatWait) { // told to wait and did not: a flood wait
            floodUntil = now + TimeUnit.SECONDS.toNanos(rates.floodWaitSeconds);
            floodWaits++;
            refused++;
            return rates.floodWaitSeconds;
        }
        ArrayDeque<Long> all = paidBroadcast ? paid : overall;
        long overallWait = wait(all, paidBroadcast ? rates.paid : rates.overall, TimeUnit.SECONDS.toNanos(1), now);
        ArrayDeque<Long> chat = chats.computeIfAbsent(chatId, c -> new ArrayDeque<>());
        long chatWaitNanos = chatId > 0
                ? wait(chat, rates.privateChat, TimeUnit.SECONDS.toNanos(rates.privateWindowSeconds), now)
                : wait(chat, rates.group, TimeUnit.SECONDS.toNanos(rates.groupWindowSeconds), now);
        if (overallWait > 0 || chatWaitNanos > 0) {
            refused++;
            int seconds = seconds(Math.max(overallWait, chatWaitNanos));
            // the client's clock and ours differ by a round trip: a send right at the end of the wait is no offence
            long until = now + TimeUnit.SECONDS.toNanos(seconds) - TimeUnit.MILLISECONDS.toNanos(100);
            if (overallWait > 0) {
                waitUntil = Math.max(waitUntil, until);
            } else {
                chatWaitUntil.merge(chatId, until, Math::max);
            }
            return seconds;
        }
        all.addLast(now);
        chat.addLast(now);
        if (chats.size() > 100_000) {
            chats.values().removeIf(times -> times.isEmpty() || times.peekLast() < now - TimeUnit.MINUTES.toNanos(2));
            chatWaitUntil.values().removeIf(until -> until < now);
        }
        return 0;
    }

    /** @return nanoseconds until the window has room, 0 when it has now; drops what left the window */
    private static long wait(ArrayDeque<Long> times, int max, long window, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - window) {
            times.removeFirst();
        }
        return times.size() < max ? 0 : times.peekFirst() + window - now;
    }

    private static int seconds(long nanos) {
        return (int) Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    /** @return 429s answered since the limits were set */
    synchronized int refused() {
        return refused;
    }

    synchronized JsonObject state() {
        return new JsonObject().put("enabled", rates != null).put("rates", rates == null ? null : rates.toJson())
                .put("too_many_requests", refused).put("flood_waits", floodWaits);
    }
}
