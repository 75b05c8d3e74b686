package dev.tgbot.lifecycle;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The scheduler of every time limit on the per-update path: the webhook's {@code bot.webhook.handler-timeout}, the
 * dispatcher's {@code bot.dispatch.handler-timeout}, each Bot API call's {@code bot.request-timeout} and the long
 * poll's bound. Use it as {@code uni.ifNoItem().after(d).on(Timeouts.scheduler())}.
 * <p>
 * Why not Mutiny's default: {@code ifNoItem()} schedules on {@code Infrastructure.getDefaultWorkerPool()}, which in
 * Quarkus is the worker pool, whose scheduler keeps a cancelled task (and the Vert.x context it captured) queued
 * until the moment it would have fired. At thousands of updates per second with 25-60 s limits that is hundreds of
 * thousands of dead tasks: the heap fills and the service stops answering. Here a cancelled task is removed from the
 * queue at once ({@link ScheduledThreadPoolExecutor#setRemoveOnCancelPolicy}, O(log n)), so a time limit costs
 * memory only while its work runs.
 * <p>
 * A task that fires runs on the Vert.x context that scheduled it (an event loop, where handlers expect to run), or
 * on the scheduler's own daemon thread when there was none. The thread stops after 10 s without pending tasks.
 */
public final class Timeouts {

    private static final TimeoutScheduler SCHEDULER = new TimeoutScheduler();

    private Timeouts() {
    }

    /** @return the scheduler to pass to Mutiny's {@code ifNoItem().after(d).on(...)} */
    public static ScheduledExecutorService scheduler() {
        return SCHEDULER;
    }

    /** @return time limits scheduled and neither fired nor cancelled yet: the work in flight, never more */
    public static int pending() {
        return SCHEDULER.getQueue().size();
    }

    private static final class TimeoutScheduler extends ScheduledThreadPoolExecutor {

        TimeoutScheduler() {
            super(1, runnable -> {
                Thread thread = new Thread(runnable, "bot-timeouts");
                thread.setDaemon(true);
                return thread;
            });
            setRemoveOnCancelPolicy(true);
            setKeepAliveTime(10, TimeUnit.SECONDS);
            allowCoreThreadTimeOut(true);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            Context context = Vertx.currentContext();
            return super.schedule(context == null ? command : () -> runOn(context, command), delay, unit);
        }

        private static void runOn(Context context, Runnable command) {
            try {
                context.runOnContext(ignored -> command.run());
            } catch (RejectedExecutionException closed) {
                // Vert.x is shutting down: the time limit still has to take effect.
                command.run();
            }
        }
    }
}
