package dev.tgbot.intake;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.quarkus.micrometer.runtime.binder.JVMInfoBinder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

/**
 * Micrometer's JVM and system metrics, the same meters Quarkus binds itself when {@code quarkus.micrometer.binder.jvm}
 * and {@code quarkus.micrometer.binder.system} are on ({@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*},
 * {@code jvm_classes_*}, {@code jvm_info}, {@code process_uptime_seconds}, {@code process_cpu_usage},
 * {@code system_cpu_*}, {@code process_files_*}), bound to {@link Metrics#globalRegistry} once the bot's intake has
 * started ({@link BotStarted}) or 5 s after the StartupEvent, whichever comes first, on a worker thread. Quarkus
 * binds them during its boot on the main thread, before the first getUpdates; their MXBeans and gauges were some
 * 0.09 s of every start (README "Run it in a small container"), so application.properties turns Quarkus' binding off
 * and this bean binds them while the first long poll is on its way.
 */
@Singleton
public class LateJvmMetrics {

    private static final Logger LOG = Logger.getLogger(LateJvmMetrics.class);
    /** How long after the StartupEvent the metrics are bound at the latest, in milliseconds. */
    private static final long LATEST_MILLIS = 5000;

    // guarded by this
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private boolean bound;
    private boolean stopped;

    void onStart(@Observes StartupEvent event, Vertx vertx) {
        vertx.setTimer(LATEST_MILLIS, t -> {
            if (!dev.tgbot.lifecycle.AppRunning.now()) {
                return; // dev mode: the app's start failed or it stopped, Vert.x lives on
            }
            try {
                Infrastructure.getDefaultWorkerPool().execute(this::bind);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // the app is stopping: nothing to bind
            }
        });
    }

    void onBotStarted(@ObservesAsync BotStarted event) {
        bind();
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debugf("closing %s: %s", c.getClass().getSimpleName(), e);
            }
        }
        closeables.clear();
    }

    /** Binds the meters once; later calls, and calls after the ShutdownEvent, do nothing. */
    synchronized void bind() {
        if (stopped || bound) {
            return;
        }
        bound = true;
        MeterRegistry registry = Metrics.globalRegistry;
        // the order and the set of Quarkus' MicrometerRecorder.configureRegistries (3.27 and 3.33), JVM mode
        new ClassLoaderMetrics().bindTo(registry);
        JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();
        heapPressure.bindTo(registry);
        closeables.add(heapPressure);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JVMInfoBinder().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new UptimeMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }
}
