package dev.tgbot.intake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.tgbot.client.IncomingUpdate;
import dev.tgbot.client.UpdateReader;
import dev.tgbot.config.BotConfig.Mode;
import dev.tgbot.config.BotSettings;
import dev.tgbot.dispatch.UpdateDispatcher;
import dev.tgbot.lifecycle.Timeouts;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The webhook endpoint: {@code POST {bot.webhook.path}} on Quarkus' HTTP server (a Vert.x route, because the path
 * comes from runtime configuration). Registered only in webhook mode.
 * <ul>
 * <li>{@code X-Telegram-Bot-Api-Secret-Token} missing or wrong: 401, compared in constant time, before the body is
 * read; the secret is never logged;</li>
 * <li>body over {@code bot.webhook.max-body-size}: 413; not JSON, or JSON without a positive {@code update_id}: 400,
 * with a text that says which; an update of a kind this version does not know is no error: it reaches the handler
 * (unknown fields ignored); an update the Bot API types cannot hold is no error either: it is skipped as an
 * {@link dev.tgbot.handler.UnreadableUpdate} (WARN, counter, CDI event) and answered 200 once its observers are done,
 * so that Telegram does not deliver it again;</li>
 * <li>otherwise the update goes to the {@link UpdateDispatcher} and the answer is 200 once its handler has finished,
 * so that a crash before that makes Telegram deliver it again; a handler slower than
 * {@code bot.webhook.handler-timeout} gets 503 (Telegram delivers again; the duplicate joins the running
 * handling).</li>
 * </ul>
 * Bad input never gets a 5xx.
 */
@ApplicationScoped
public class WebhookRoute {

    /** Header in which Telegram sends the secret token on every delivery. */
    public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final Logger LOG = Logger.getLogger(WebhookRoute.class);

    private final BotSettings settings;
    private final UpdateDispatcher dispatcher;
    private volatile byte[] secret;

    WebhookRoute(BotSettings settings, UpdateDispatcher dispatcher) {
        this.settings = settings;
        this.dispatcher = dispatcher;
    }

    void register(@Observes Router router) {
        if (settings.mode() != Mode.WEBHOOK) {
            return;
        }
        secret = settings.secretToken().getBytes(StandardCharsets.UTF_8);
        String path = settings.config().webhook().path();
        // Two routes: the secret is checked before the body is read, and Vert.x wants body handlers first.
        router.post(path).order(-10).handler(this::checkSecret);
        router.post(path).order(-9)
                .handler(BodyHandler.create(false).setBodyLimit(settings.config().webhook().maxBodySize()))
                .handler(this::receive);
        LOG.infof("Webhook endpoint: POST %s", path);
    }

    private void checkSecret(RoutingContext ctx) {
        String given = ctx.request().getHeader(SECRET_HEADER);
        byte[] presented = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(secret, presented)) {
            LOG.debugf("Webhook request from %s with %s secret token: 401", ctx.request().remoteAddress(),
                    given == null ? "no" : "a wrong");
            ctx.response().setStatusCode(401).end();
            return;
        }
        ctx.next();
    }

    private void receive(RoutingContext ctx) {
        IncomingUpdate update;
        try {
            update = UpdateReader.readWebhook(ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes());
        } catch (UpdateReader.NotAnUpdate e) {
            LOG.debugf("Webhook request from %s: 400 %s", ctx.request().remoteAddress(), e.getMessage());
            ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain").end(e.getMessage());
            return;
        }
        long updateId = update.updateId();
        dispatcher.submit(update)
                .ifNoItem().after(settings.config().webhook().handlerTimeout()).on(Timeouts.scheduler()).fail()
                .subscribe().with(done -> {
                    if (!ctx.response().ended()) {
                        ctx.response().setStatusCode(200).end();
                    }
                }, timeout -> {
                    LOG.warnf("update_id=%d: handler still running after %d s; answering 503 so that Telegram "
                            + "delivers it again", updateId, settings.config().webhook().handlerTimeout().toSeconds());
                    if (!ctx.response().ended()) {
                        ctx.response().setStatusCode(503).putHeader("Retry-After", "5").end();
                    }
                });
    }
}
