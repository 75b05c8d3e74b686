package dev.tgbot.emulator;

import java.nio.file.Path;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tgbot.config.BotSettings;
import io.quarkus.runtime.ShutdownEvent;
import dev.tgbot.intake.ServiceView;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Serves the {@link BotApiEmulator} on this service's own HTTP port when {@code bot.emulator.enabled} (by default:
 * dev mode without a token). The client is then pointed at it, so {@code mvn quarkus:dev} gives a working bot
 * without Telegram. Webhooks may be plain http there, since the service itself listens on http. Its state
 * survives dev-mode reloads. It also serves the page {@code /emulator/} ({@link EmulatorPage}): a chat with the bot
 * and the conflict lab, with the service's own view ({@link ServiceView}) and log lines.
 */
@ApplicationScoped
public class EmbeddedEmulator {

    private static final Logger LOG = Logger.getLogger(EmbeddedEmulator.class);

    private final BotSettings settings;
    private final Vertx vertx;
    private final ServiceView service;

    private volatile BotApiEmulator emulator;
    private EmulatorStateFile stateFile;
    private EmulatorPage page;
    private final RecentLog log = new RecentLog();

    EmbeddedEmulator(BotSettings settings, Vertx vertx, ServiceView service) {
        this.settings = settings;
        this.vertx = vertx;
        this.service = service;
    }

    void mount(@Observes Router router) {
        if (!settings.emulatorActive()) {
            return;
        }
        EmulatorOptions options = EmulatorOptions.local();
        stateFile = settings.config().emulator().stateDir().filter(d -> !d.isBlank())
                .map(d -> new EmulatorStateFile(Path.of(d))).orElse(null);
        if (stateFile != null) {
            options = options.withStateDir(stateFile.path().getParent());
        }
        emulator = new BotApiEmulator(vertx, settings.token(), options);
        if (settings.config().emulator().limits()) {
            emulator.limits(true);
        }
        if (stateFile != null) {
            JsonObject saved = stateFile.claimAndLoad();
            if (saved != null) {
                emulator.restore(saved);
                LOG.debugf("Emulator state restored from %s", stateFile.path());
            }
            stateFile.keep(vertx, emulator);
        }
        log.install();
        emulator.mount(router);
        page = new EmulatorPage(vertx, emulator, service::view, log);
        page.mount(router);
        LOG.infof("Chat with the bot in your browser: %s/emulator/ (Bot API emulator, bot id %s). Or with curl:%n"
                + "  curl -s %s/emulator/messages -H 'Content-Type: application/json' -d '{\"chat_id\":42,\"text\":\"hello\"}'%n"
                + "  curl -s '%s/emulator/sent?chat_id=42'", settings.apiUrl(), settings.botId(), settings.apiUrl(),
                settings.apiUrl());
    }

    /**
     * The service's last view before its beans go: in dev mode an exited app's page still answers, and says with
     * it which exit code and ERROR line ended the app.
     */
    void onStop(@Observes ShutdownEvent event) {
        if (page != null) {
            try {
                page.remember(service.view());
            } catch (RuntimeException e) {
                LOG.debugf("No last view of the service for the page: %s", e);
            }
        }
    }

    /**
     * Dev-mode live reload replaces this bean with a new one in a new class loader, and an app that exited is
     * restarted the same way: the state crosses over in {@code bot.emulator.state-dir}, so that a person's
     * conversation, the pending updates and the photos survive editing the bot. This emulator keeps saving changes
     * (an exited app still answers on its old router) until the next one has loaded the file.
     */
    @PreDestroy
    void saveForReload() {
        log.uninstall();
        if (emulator != null) {
            emulator.stopRoguePoller();
            if (stateFile != null) {
                stateFile.saveIfChanged();
            }
        }
    }

    /** @return the emulator when active, else null */
    public BotApiEmulator emulator() {
        return emulator;
    }
}
