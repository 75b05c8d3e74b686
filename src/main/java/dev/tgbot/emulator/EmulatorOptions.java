package dev.tgbot.emulator;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Switches of the emulator. The defaults behave as the real Bot API server does; tests and dev mode change only
 * what they must.
 *
 * @param allowAnyWebhookUrl accept http URLs and any port for setWebhook (real Telegram: https on 443, 80, 88, 8443)
 * @param retryDelayScale factor on the webhook re-delivery delays (0, 2, 4, 8, 16, 32 s, then 60-120 s); 1 is real
 * @param deliveryTimeout how long a webhook delivery waits for the answer (real: 60 s)
 * @param stateDir where uploaded files are kept (its {@code files/}), or null for a temporary directory that
 *        {@link BotApiEmulator#close()} deletes; {@link EmulatorStateFile} keeps the rest of the state there
 */
public record EmulatorOptions(boolean allowAnyWebhookUrl, double retryDelayScale, Duration deliveryTimeout,
        Path stateDir) {

    /** @return the real server's behaviour */
    public static EmulatorOptions realistic() {
        return new EmulatorOptions(false, 1.0, Duration.ofSeconds(60), null);
    }

    /** @return realistic, but webhooks may be plain http on any port (a local service) */
    public static EmulatorOptions local() {
        return new EmulatorOptions(true, 1.0, Duration.ofSeconds(60), null);
    }

    /** @return a copy with another re-delivery delay factor */
    public EmulatorOptions withRetryDelayScale(double scale) {
        return new EmulatorOptions(allowAnyWebhookUrl, scale, deliveryTimeout, stateDir);
    }

    /** @return a copy that keeps uploaded files in {@code dir/files} */
    public EmulatorOptions withStateDir(Path dir) {
        return new EmulatorOptions(allowAnyWebhookUrl, retryDelayScale, deliveryTimeout, dir);
    }
}
