package dev.tgbot.config;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tgbot.config.BotConfig.Mode;
import io.quarkus.runtime.LaunchMode;

/**
 * {@link BotConfig} as this instance uses it: validated once, with the derived values resolved (the token and API
 * URL of the emulator when it is active, the webhook secret token derived from the token, the conflict budget).
 * {@link #toString()} never shows the token or the secret.
 */
@ApplicationScoped
public class BotSettings {

    /** The token of the emulator's bot in dev mode: fake, accepted only by the emulator. */
    public static final String EMULATOR_TOKEN = "1000001:emulator-fake-token";

    private final BotConfig config;
    private final boolean emulatorActive;
    private final String token;
    private final String apiUrl;
    /** Derived on first use: only webhook mode needs it, and the first HMAC loads the JCA providers (some 20 ms). */
    private volatile String secretToken;

    BotSettings(BotConfig config,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.config = config;
        this.emulatorActive = config.emulator().enabled()
                .orElse(LaunchMode.current() == LaunchMode.DEVELOPMENT && config.token().isEmpty());
        BotConfigValidator.validate(config, !emulatorActive, org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.datasource.reactive.url", String.class).isPresent());
        this.token = config.token().orElse(emulatorActive ? EMULATOR_TOKEN : "");
        this.apiUrl = stripSlash(emulatorActive ? "http://127.0.0.1:" + httpPort : config.apiUrl());
    }

    /** @return the raw configuration */
    public BotConfig config() {
        return config;
    }

    /** @return the intake mode */
    public Mode mode() {
        return config.mode();
    }

    /** @return true when the built-in emulator serves the Bot API on this service's port */
    public boolean emulatorActive() {
        return emulatorActive;
    }

    /** @return the bot token (secret: never log it); empty only in {@code off} mode without a token */
    public String token() {
        return token;
    }

    /** @return the numeric bot id, the part of the token before {@code :} (not secret), or "unknown" */
    public String botId() {
        int colon = token.indexOf(':');
        return colon > 0 ? token.substring(0, colon) : "unknown";
    }

    /** @return base URL of the Bot API server, without a trailing slash */
    public String apiUrl() {
        return apiUrl;
    }

    /**
     * @return the webhook secret token: configured, or derived from the token ({@link #deriveSecret}); empty when
     *         there is no token ({@code bot.mode=off} without one, the only mode that runs without it)
     */
    public String secretToken() {
        String secret = secretToken;
        if (secret == null) {
            // No token (bot.mode=off may run without one): no secret to derive, and no webhook route to check it.
            secret = config.webhook().secretToken().orElseGet(() -> token.isEmpty() ? "" : deriveSecret(token));
            secretToken = secret;
        }
        return secret;
    }

    /** @return the long-poll timeout in seconds */
    public int pollTimeoutSeconds() {
        return config.polling().timeout();
    }

    /** @return how long polling conflicts are retried: configured, or 2 x poll timeout + 10 s */
    public Duration conflictBudget() {
        return config.conflict().maxDuration()
                .orElse(Duration.ofSeconds(2L * config.polling().timeout() + 10));
    }

    /**
     * Derives the webhook secret token from the bot token: HMAC-SHA256 keyed with the token over a fixed label,
     * Base64url without padding (43 characters of {@code A-Za-z0-9_-}). Deterministic, so every replica agrees;
     * one-way, so the secret reveals nothing of the token.
     *
     * @param token the bot token, not empty
     * @return the derived secret token
     * @throws IllegalArgumentException if the token is empty
     */
    public static String deriveSecret(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal("telegram-webhook-secret-token".getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "BotSettings[mode=" + mode() + ", botId=" + botId() + ", apiUrl=" + apiUrl + ", emulator="
                + emulatorActive + "]";
    }
}
