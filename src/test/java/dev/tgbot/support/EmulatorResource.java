package dev.tgbot.support;

import java.util.HashMap;
import java.util.Map;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.EmulatorOptions;
import dev.tgbot.emulator.Fault;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;

/**
 * Starts a standalone {@link BotApiEmulator} on a free loopback port before Quarkus starts and points
 * {@code bot.api-url} and {@code bot.token} at it. Init args: {@code webhook} (a URL set before the service
 * starts, as another deployment would have left it), {@code fault} ({@code method:status:count}, answered to the
 * service's first calls).
 */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {

    /** An obviously fake token: the emulator accepts it, Telegram never would. */
    public static final String TOKEN = "123456:TEST-fake-token-for-tests-only";

    private static volatile BotApiEmulator emulator;
    private Vertx vertx;
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = initArgs;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        emulator = BotApiEmulator.start(vertx, TOKEN, EmulatorOptions.local().withRetryDelayScale(0.05), 0);
        if (args.containsKey("webhook")) {
            emulator.setWebhookAsOtherParty(args.get("webhook"), null);
        }
        if (args.containsKey("fault")) {
            String[] fault = args.get("fault").split(":");
            emulator.addFault(Fault.status(fault[0], Integer.parseInt(fault[1]), Integer.parseInt(fault[2])));
        }
        Map<String, String> config = new HashMap<>();
        config.put("bot.api-url", emulator.url());
        config.put("bot.token", TOKEN);
        return config;
    }

    @Override
    public void stop() {
        if (emulator != null) {
            emulator.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** @return the emulator of the running test */
    public static BotApiEmulator emulator() {
        return emulator;
    }
}
