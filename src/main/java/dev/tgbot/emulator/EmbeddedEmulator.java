package dev.tgbot.emulator;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tgbot.config.BotSettings;
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
    private static final String STATE_PROPERTY = "dev.tgbot.emulator.state";

    private volatile BotApiEmulator emulator;
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
        emulator = new BotApiEmulator(vertx, settings.token(), EmulatorOptions.local());
        if (settings.config().emulator().limits()) {
            emulator.limits(true);
        }
        Object saved = System.getProperties().remove(STATE_PROPERTY);
        if (saved instanceof String json) {
            emulator.restore(new JsonObject(json));
        }
        log.install();
        emulator.mount(router);
        new EmulatorPage(vertx, emulator, service::view, log).mount(router);
        LOG.infof("Chat with the bot in your browser: %s/emulator/ (Bot API emulator, bot id %s). Or with curl:%n"
                + "  curl -s %s/emulator/messages -H 'Content-Type: application/json' -d '{\"chat_id\":42,\"text\":\"hello\"}'%n"
                + "  curl -s '%s/emulator/sent?chat_id=42'", settings.apiUrl(), settings.botId(), settings.apiUrl(),
                settings.apiUrl());
    }

    /**
     * Dev-mode live reload replaces this bean with a new one in a new class loader: the state crosses over as a JSON
     * string, so that a person's conversation survives editing the bot.
     */
    @PreDestroy
    void saveForReload() {
        log.uninstall();
        if (emulator != null) {
            emulator.stopRoguePoller();
            System.getProperties().put(STATE_PROPERTY, emulator.snapshot().encode());
        }
    }

    /** @return the emulator when active, else null */
    public BotApiEmulator emulator() {
        return emulator;
    }
}
