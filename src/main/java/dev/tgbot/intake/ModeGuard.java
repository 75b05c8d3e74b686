package dev.tgbot.intake;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.WebhookInfo;

import dev.tgbot.client.ApiFailures;
import dev.tgbot.client.BotApiClient;
import dev.tgbot.client.BotIdentity;
import dev.tgbot.handler.ActiveBot;
import dev.tgbot.client.TelegramApiException;
import dev.tgbot.client.TokenRedactor;
import dev.tgbot.config.BotConfig.Mode;
import dev.tgbot.config.BotSettings;
import dev.tgbot.lifecycle.ExitCodes;
import dev.tgbot.lifecycle.GracefulExit;
import dev.tgbot.lifecycle.InstanceLock;
import dev.tgbot.lifecycle.InstanceLock.LockHeldException;
import dev.tgbot.lifecycle.Timeouts;
import dev.tgbot.lease.Leases;
import dev.tgbot.lease.SharedLease;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;

/**
 * Makes Telegram agree with {@code bot.mode} at startup, and hands over cleanly at shutdown.
 * <ul>
 * <li>every mode with a token: getMe proves the token; 401 exits with code 77;</li>
 * <li>{@code polling}: takes the host lock, deletes a webhook it finds (if {@code bot.polling.take-over-webhook};
 * else exits 78 naming the URL), verifies with getWebhookInfo that no webhook is set, starts the poller; with a
 * shared lease ({@code bot.lock.kind} postgresql or kubernetes) it is a standby after getMe and does all that only
 * while it holds the lease, stopping the poller the moment it loses it;</li>
 * <li>{@code webhook}: setWebhook(url, secret_token, allowed_updates, max_connections, drop_pending_updates), verifies
 * the URL with getWebhookInfo and logs {@code pending_update_count} and {@code last_error_message};</li>
 * <li>{@code off}: no call that changes Telegram's state.</li>
 * </ul>
 * The sequence runs asynchronously and is bounded by {@code bot.startup-timeout}; the observer never blocks.
 */
@ApplicationScoped
public class ModeGuard {

    private static final Logger LOG = Logger.getLogger(ModeGuard.class);

    private final BotSettings settings;
    private final ActiveBot bot;
    private final BotApiClient api;
    private final LongPollingReceiver receiver;
    private final InstanceLock lock;
    private final GracefulExit exit;
    private final Duration drainTimeout;
    private final Vertx vertx;
    private final Leases leases;
    private final Event<BotStarted> started;
    private volatile boolean synced;
    private volatile boolean begun;
    private volatile boolean shuttingDown;
    /** The epoch of the shared lease while this instance holds it; 0 while it is a standby. */
    private volatile long leaseEpoch;

    ModeGuard(BotSettings settings, BotApiClient api, LongPollingReceiver receiver, InstanceLock lock,
            GracefulExit exit, Vertx vertx, Leases leases, Event<BotStarted> started, ActiveBot bot,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> shutdownTimeout) {
        this.settings = settings;
        this.bot = bot;
        this.started = started;
        this.leases = leases;
        this.vertx = vertx;
        this.api = api;
        this.receiver = receiver;
        this.lock = lock;
        this.exit = exit;
        this.drainTimeout = shutdownTimeout.orElse(Duration.ofSeconds(10));
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("Telegram bot: mode %s, Bot API at %s%s", settings.mode().name().toLowerCase(), settings.apiUrl(),
                settings.emulatorActive() ? " (built-in emulator, bot id " + settings.botId() + ")" : "");
        if (!settings.emulatorActive()) {
            begin();
        } else {
            // The built-in emulator answers on this service's own port: talk to it once the port is open. A dev-mode
            // reload keeps the server open and fires no HttpServerStart, hence the timer as well.
            vertx.setTimer(1000, t -> {
                if (dev.tgbot.lifecycle.AppRunning.now()) {
                    begin();
                }
            });
        }
    }

    void onHttpStart(@ObservesAsync HttpServerStart event) {
        if (settings.emulatorActive()) {
            begin();
        }
    }

    private synchronized void begin() {
        if (begun) {
            return;
        }
        begun = true;
        boolean shared = settings.config().lock().kind().shared();
        if (shared && settings.mode() == Mode.WEBHOOK) {
            LOG.infof("bot.lock.kind=%s is ignored in webhook mode: every replica serves the webhook, no lease is "
                    + "needed.", settings.config().lock().kind().name().toLowerCase());
        }
        Uni<Void> sequence = switch (settings.mode()) {
            // A standby proves the token, then waits for the lease without limit; the holder prepares and polls.
            case POLLING -> shared ? Uni.createFrom().item(() -> leases.lease().orElseThrow())
                    .chain(lease -> getMe().invoke(() -> contend(lease))).replaceWithVoid()
                    // getMe and getWebhookInfo do not depend on each other: one round trip instead of two.
                    : takeLock().chain(() -> Uni.combine().all().unis(getMe(), webhookInfoIfSupported())
                            .with((me, info) -> info)).chain(this::preparePolling).invoke(receiver::start);
            case WEBHOOK -> getMe().chain(this::setWebhook);
            case OFF -> settings.token().isEmpty() ? Uni.createFrom().voidItem() : getMe().replaceWithVoid();
        };
        Duration bound = settings.config().startupTimeout().plus(settings.config().lock().waitTime())
                .plusSeconds(5);
        sequence.ifNoItem().after(bound).on(Timeouts.scheduler()).failWith(() -> new TelegramApiException("startup", 0,
                "Telegram did not agree with bot.mode within " + bound.toSeconds() + " s", null))
                .subscribe().with(ok -> {
                    synced = true;
                    if (settings.mode() == Mode.OFF) {
                        LOG.info("bot.mode=off: no intake; Telegram's webhook and pending updates are left untouched.");
                    } else if (!shuttingDown && !exit.exiting()) {
                        started.fireAsync(new BotStarted(settings.mode()));
                    }
                }, this::fail);
    }

    /** Contends for the shared lease: polls while it holds it, stops at once when it loses it. */
    private void contend(SharedLease lease) {
        // a standby that takes over should answer its first update as fast as a warm holder would
        Infrastructure.getDefaultWorkerPool().execute(BotApiClient::warmUp);
        LOG.infof("Contending for the %s lease %s as %s (lease duration %d s): only its holder polls.",
                settings.config().lock().kind().name().toLowerCase(), lease.status().name(), leases.identity(),
                settings.config().lock().leaseDuration().toSeconds());
        lease.start(new SharedLease.Listener() {
            @Override
            public void acquired(long epoch) {
                if (shuttingDown || exit.exiting()) {
                    return;
                }
                leaseEpoch = epoch;
                Duration bound = settings.config().startupTimeout();
                webhookInfoIfSupported().chain(ModeGuard.this::preparePolling)
                        .ifNoItem().after(bound).on(Timeouts.scheduler())
                        .failWith(() -> new TelegramApiException("startup", 0, "Telegram did not agree with "
                                + "bot.mode within " + bound.toSeconds() + " s of taking the lease", null))
                        .subscribe().with(ok -> {
                            if (leaseEpoch == epoch && !shuttingDown) {
                                receiver.start();
                            }
                        }, ModeGuard.this::fail);
            }

            @Override
            public void lost(String why) {
                leaseEpoch = 0;
                if (receiver.polling()) {
                    LOG.warnf("Stopped polling: %s. Updates in flight finish; the next holder receives the "
                            + "unconfirmed ones again.", why);
                }
                receiver.stopPolling();
            }
        });
    }

    /** @return true while this instance holds the shared lease (always false for {@code bot.lock.kind=file}) */
    public boolean leaseHeld() {
        return leaseEpoch != 0;
    }

    private Uni<Void> takeLock() {
        if (!settings.config().lock().enabled()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().<Void> item(() -> {
            try {
                lock.acquire();
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<BotIdentity> getMe() {
        return api.getMe().invoke((BotIdentity me) -> LOG.infof("Bot API accepted the token: @%s (id %d)",
                me.username(), me.id()));
    }

    /**
     * @return the webhook status, or empty when this Bot API server does not implement getWebhookInfo (404
     *         {@code method not found}, or an error body that is no Bot API answer, as some test servers and proxies
     *         give): unknown, so polling goes ahead and getUpdates' own 409 tells if a webhook is active
     */
    private Uni<Optional<WebhookInfo>> webhookInfoIfSupported() {
        // over the long poll's connection: the first getUpdates, right after, finds it open
        return api.getWebhookInfoBeforePolling().map(Optional::of).onFailure(ApiFailures.IS_METHOD_UNSUPPORTED)
                .recoverWithItem(e -> {
                    LOG.warnf("getWebhookInfo is not supported by the Bot API server at %s (%s). Polling without "
                            + "checking for a webhook: if one is set, getUpdates answers 409 and this instance exits "
                            + "with a report.", settings.apiUrl(), ((TelegramApiException) e).getMessage());
                    return Optional.empty();
                });
    }

    /**
     * Deletes a webhook found (if allowed) and verifies that it stays deleted; with no webhook, nothing is verified
     * twice. Drops pending updates if asked.
     */
    private Uni<Void> preparePolling(Optional<WebhookInfo> found) {
        boolean drop = settings.config().dropPendingUpdates();
        if (found.isEmpty() || !Diagnosis.webhookSet(found.get())) {
            return drop ? api.deleteWebhook(true).invoke(() -> LOG.info("Dropped the pending updates "
                    + "(bot.drop-pending-updates=true).")).replaceWithVoid() : Uni.createFrom().voidItem();
        }
        String url = TokenRedactor.redact(found.get().getUrl());
        if (!settings.config().polling().takeOverWebhook()) {
            return Uni.createFrom().failure(new TakeOverRefused(url));
        }
        return api.deleteWebhook(drop).invoke(() -> LOG.warnf("Deleted the webhook %s (pending updates %s) so that "
                + "this instance can poll (bot.polling.take-over-webhook=true).", url, drop ? "dropped" : "kept"))
                .chain(api::getWebhookInfo).invoke(info -> {
            if (Diagnosis.webhookSet(info)) {
                throw new StartupRefused(ExitCodes.CONFLICT, "WEBHOOK ACTIVE: a webhook (" + TokenRedactor.redact(
                        info.getUrl()) + ") was set again right after this instance deleted it: another deployment "
                        + "uses bot.mode=webhook with this token. Run only one of them, or this one with bot.mode=off.");
            }
        }).replaceWithVoid();
    }

    private Uni<Void> setWebhook() {
        String url = settings.config().webhook().url().orElseThrow();
        SetWebhook request = SetWebhook.builder().url(url).secretToken(settings.secretToken())
                .maxConnections(settings.config().webhook().maxConnections())
                .allowedUpdates(bot.allowedUpdates())
                .dropPendingUpdates(settings.config().dropPendingUpdates() ? Boolean.TRUE : null).build();
        return api.setWebhook(request).chain(api::getWebhookInfo).invoke((WebhookInfo info) -> {
            if (!url.equals(info.getUrl())) {
                throw new StartupRefused(ExitCodes.CONFLICT, "WEBHOOK NOT SET: setWebhook succeeded but "
                        + "getWebhookInfo reports url '" + TokenRedactor.redact(info.getUrl()) + "' instead of '"
                        + TokenRedactor.redact(url) + "': another deployment changed it at the same moment.");
            }
            LOG.infof("Webhook set to %s (max_connections %d), pending_update_count=%d%s", TokenRedactor.redact(url),
                    settings.config().webhook().maxConnections(), info.getPendingUpdatesCount(),
                    info.getLastErrorMessage() == null ? "" : ", last_error_message=" + info.getLastErrorMessage());
            if (url.startsWith("http://")) {
                LOG.warn("bot.webhook.url is plain http: Telegram itself accepts only https on ports 443, 80, 88 "
                        + "or 8443 (a local Bot API server or the emulator accept http).");
            }
        }).replaceWithVoid();
    }

    private void fail(Throwable failure) {
        if (shuttingDown) {
            // Quarkus is stopping (SIGTERM during startup, or its own start failed, such as a port in use, and it
            // said why): the sequence's calls failed because the client closed, which is no diagnosis of its own.
            LOG.debugf("Startup sequence ended by the shutdown: %s", TokenRedactor.redact(String.valueOf(failure)));
            return;
        }
        if (failure instanceof LockHeldException held) {
            exit.exit(settings.config().conflict().exitCode(), held.getMessage());
        } else if (failure instanceof TakeOverRefused refused) {
            exit.exit(ExitCodes.CONFIG, refused.getMessage());
        } else if (failure instanceof StartupRefused refused) {
            exit.exit(refused.code, refused.getMessage());
        } else if (ApiFailures.IS_UNAUTHORIZED.test(failure)) {
            exit.exit(ExitCodes.UNAUTHORIZED, Diagnosis.unauthorized());
        } else if (ApiFailures.IS_NOT_FOUND.test(failure)) {
            exit.exit(ExitCodes.CONFIG, Diagnosis.notFound(settings));
        } else if (failure instanceof TelegramApiException page && page.errorCode() > 0 && !page.fromBotApi()
                && ApiFailures.IS_TRANSIENT_OR_RATE_LIMITED.test(failure)) {
            exit.exit(ExitCodes.UNAVAILABLE, "UNAVAILABLE: the server at bot.api-url=" + settings.apiUrl()
                    + " answered, but not as a Bot API server, until bot.startup-timeout="
                    + settings.config().startupTimeout().toSeconds() + " s ran out: HTTP " + page.errorCode() + ", "
                    + page.description() + ". Check that bot.api-url points at https://api.telegram.org or a "
                    + "telegram-bot-api server, not at a web server or proxy; if it does, that server or a proxy in "
                    + "front of it is failing.");
        } else if (ApiFailures.IS_TRANSIENT_OR_RATE_LIMITED.test(failure)) {
            exit.exit(ExitCodes.UNAVAILABLE, "UNAVAILABLE: the Bot API at " + settings.apiUrl() + " did not answer "
                    + "within bot.startup-timeout=" + settings.config().startupTimeout().toSeconds() + " s: "
                    + failure.getMessage());
        } else if (failure instanceof TelegramApiException api) {
            exit.exit(ExitCodes.CONFIG, "The Bot API refused the startup sequence: " + api.getMessage());
        } else {
            exit.exit(ExitCodes.SOFTWARE, "Startup failed unexpectedly: " + TokenRedactor.redact(String.valueOf(failure)));
        }
    }

    /**
     * The handover: stop polling, let in-flight handlers finish, confirm the offset (only while this instance still
     * holds the lease, if shared), then release the host lock or the shared lease at once, so that a standby polls
     * within its retry period.
     */
    void onShutdown(@Observes ShutdownEvent event) {
        shuttingDown = true;
        boolean shared = settings.config().lock().kind().shared();
        try {
            if (settings.mode() == Mode.POLLING) {
                receiver.handOver(drainTimeout, () -> !shared || leaseHeld());
            }
            // Webhook mode never deletes the webhook on shutdown: the other replicas of a blue-green deploy need it.
        } finally {
            lock.release();
            leases.existing().ifPresent(SharedLease::release);
        }
    }

    /** @return true once Telegram agrees with {@code bot.mode} */
    public boolean synced() {
        return synced;
    }

    /** Polling found a webhook and may not delete it. */
    static final class TakeOverRefused extends RuntimeException {
        TakeOverRefused(String url) {
            super("WEBHOOK SET: a webhook is set to " + url + " and bot.polling.take-over-webhook=false, so this "
                    + "instance does not delete it (it would cut off the deployment behind that URL). Stop that "
                    + "deployment first, use bot.mode=webhook or off here, or set bot.polling.take-over-webhook=true "
                    + "to take the updates over.", null, false, false);
        }
    }

    /** The startup sequence ends with a known exit code. */
    static final class StartupRefused extends RuntimeException {
        final int code;

        StartupRefused(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
