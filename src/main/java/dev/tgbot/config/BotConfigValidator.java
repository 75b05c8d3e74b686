package dev.tgbot.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.tgbot.config.BotConfig.Mode;

/**
 * Checks {@link BotConfig} as a whole. Every problem names its property, never shows the token, and fails startup
 * with an {@link InvalidBotConfigException}.
 */
public final class BotConfigValidator {

    /** {@code <bot id>:<secret>} as issued by @BotFather: up to 80 characters, no {@code /}, no leading 0. */
    static final Pattern TOKEN = Pattern.compile("[1-9][0-9]{0,19}:[A-Za-z0-9_-]{1,70}");
    static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");
    static final Pattern LEASE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private BotConfigValidator() {
    }

    /**
     * @param config the configuration
     * @param tokenRequired whether a missing {@code bot.token} is an error (false when the emulator provides one)
     * @throws InvalidBotConfigException naming every wrong property
     */
    public static void validate(BotConfig config, boolean tokenRequired) {
        validate(config, tokenRequired, true);
    }

    /**
     * @param config the configuration
     * @param tokenRequired whether a missing {@code bot.token} is an error (false when the emulator provides one)
     * @param datasourceConfigured whether {@code quarkus.datasource.reactive.url} is set ({@code bot.lock.kind=postgresql}
     *        needs it in polling mode)
     * @throws InvalidBotConfigException naming every wrong property
     */
    public static void validate(BotConfig config, boolean tokenRequired, boolean datasourceConfigured) {
        List<String> problems = new ArrayList<>();
        if (config.lock().kind() == BotConfig.LockKind.POSTGRESQL && config.mode() == Mode.POLLING
                && !datasourceConfigured) {
            problems.add("bot.lock.kind=postgresql needs the database: set quarkus.datasource.reactive.url "
                    + "(QUARKUS_DATASOURCE_REACTIVE_URL, such as postgresql://db:5432/bot), quarkus.datasource.username "
                    + "and quarkus.datasource.password");
        }
        if (config.state().store() == BotConfig.StateStoreKind.POSTGRESQL && config.mode() != Mode.OFF
                && !datasourceConfigured) {
            problems.add("bot.state.store=postgresql needs the database: set quarkus.datasource.reactive.url "
                    + "(QUARKUS_DATASOURCE_REACTIVE_URL, such as postgresql://db:5432/bot), quarkus.datasource.username "
                    + "and quarkus.datasource.password");
        }
        if (!TABLE.matcher(config.state().table()).matches()) {
            problems.add("bot.state.table must be a plain SQL name (letters, digits, _; optionally schema.table): got '"
                    + config.state().table() + "'");
        }
        range(problems, "bot.pacing.overall", config.pacing().overall(), 1, 100_000);
        range(problems, "bot.pacing.paid", config.pacing().paid(), 1, 100_000);
        range(problems, "bot.pacing.private-chat", config.pacing().privateChat(), 1, 10_000);
        range(problems, "bot.pacing.group", config.pacing().group(), 1, 10_000);
        positive(problems, "bot.pacing.private-chat-window", config.pacing().privateChatWindow());
        positive(problems, "bot.pacing.group-window", config.pacing().groupWindow());
        range(problems, "bot.state.max-entries", config.state().maxEntries(), 1, 100_000_000);
        if (config.state().ttl().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("bot.state.ttl must be at least 1s: got " + config.state().ttl());
        }
        if (config.token().isPresent()) {
            if (!TOKEN.matcher(config.token().get()).matches()) {
                problems.add("bot.token (TELEGRAM_BOT_TOKEN) is malformed: expected <bot id>:<secret> as issued by "
                        + "@BotFather");
            }
        } else if (tokenRequired && config.mode() != Mode.OFF) {
            problems.add("bot.token (TELEGRAM_BOT_TOKEN) is not set: get the token from @BotFather");
        }
        checkUrl(problems, "bot.api-url", config.apiUrl());
        range(problems, "bot.polling.timeout", config.polling().timeout(), 1, 50);
        range(problems, "bot.polling.limit", config.polling().limit(), 1, 100);
        range(problems, "bot.webhook.max-connections", config.webhook().maxConnections(), 1, 100);
        range(problems, "bot.webhook.max-body-size", config.webhook().maxBodySize(), 1024, 64 * 1024 * 1024);
        range(problems, "bot.dispatch.concurrency", config.dispatch().concurrency(), 1, 10_000);
        range(problems, "bot.dispatch.retries", config.dispatch().retries(), 0, 100);
        range(problems, "bot.dispatch.dedup-window", config.dispatch().dedupWindow(), 100, 10_000_000);
        range(problems, "bot.conflict.exit-code", config.conflict().exitCode(), 0, 255);
        positive(problems, "bot.request-timeout", config.requestTimeout());
        positive(problems, "bot.startup-timeout", config.startupTimeout());
        positive(problems, "bot.webhook.handler-timeout", config.webhook().handlerTimeout());
        positive(problems, "bot.dispatch.handler-timeout", config.dispatch().handlerTimeout());
        config.conflict().maxDuration().ifPresent(d -> positive(problems, "bot.conflict.max-duration", d));
        if (config.lock().waitTime().isNegative()) {
            problems.add("bot.lock.wait must not be negative");
        }
        Duration lease = config.lock().leaseDuration();
        if (lease.compareTo(Duration.ofSeconds(2)) < 0 || lease.compareTo(Duration.ofMinutes(5)) > 0) {
            problems.add("bot.lock.lease-duration must be between 2s and 5m: got " + lease);
        }
        if (!TABLE.matcher(config.lock().table()).matches()) {
            problems.add("bot.lock.table must be a plain SQL name (letters, digits, _; optionally schema.table): got '"
                    + config.lock().table() + "'");
        }
        config.lock().leaseName().ifPresent(name -> {
            if (!LEASE_NAME.matcher(name).matches()) {
                problems.add("bot.lock.lease-name must be a DNS label (a-z, 0-9, -, at most 63 characters): got '"
                        + name + "'");
            }
        });
        String path = config.webhook().path();
        if (!path.startsWith("/") || path.length() < 2 || path.contains(" ") || path.startsWith("/q/")
                || path.startsWith("/emulator") || path.startsWith("/bot")) {
            problems.add("bot.webhook.path must be an absolute path such as /telegram/webhook, outside /q/, "
                    + "/emulator and /bot*: got '" + path + "'");
        }
        config.webhook().secretToken().ifPresent(secret -> {
            if (!SECRET.matcher(secret).matches()) {
                problems.add("bot.webhook.secret-token (TELEGRAM_WEBHOOK_SECRET) must be 1-256 characters of "
                        + "A-Za-z0-9_- (got " + secret.length() + " characters)");
            } else if (config.token().isPresent() && config.token().get().contains(secret) && secret.length() > 8) {
                problems.add("bot.webhook.secret-token (TELEGRAM_WEBHOOK_SECRET) must not be (part of) the bot token");
            }
        });
        if (config.mode() == Mode.WEBHOOK) {
            if (config.webhook().url().isEmpty()) {
                problems.add("bot.webhook.url (TELEGRAM_WEBHOOK_URL) is required when bot.mode=webhook: the public "
                        + "HTTPS URL Telegram posts updates to");
            } else {
                checkUrl(problems, "bot.webhook.url", config.webhook().url().get());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidBotConfigException(problems);
        }
    }

    private static void checkUrl(List<String> problems, String property, String value) {
        try {
            URI uri = URI.create(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(property + " must be an absolute http(s) URL: got '" + value + "'");
            }
        } catch (IllegalArgumentException e) {
            problems.add(property + " is not a URL: got '" + value + "'");
        }
    }

    private static void range(List<String> problems, String property, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(property + " must be between " + min + " and " + max + ": got " + value);
        }
    }

    private static void positive(List<String> problems, String property, Duration value) {
        if (value.isZero() || value.isNegative()) {
            problems.add(property + " must be a positive duration: got " + value);
        }
    }

    /** Thrown at startup for invalid configuration; the message lists each wrong property. */
    public static final class InvalidBotConfigException extends io.quarkus.runtime.configuration.ConfigurationException {
        InvalidBotConfigException(List<String> problems) {
            // a ConfigurationException: Quarkus prints its message alone at startup, without "Failed to start" and
            // a stack trace above it
            super("Invalid bot configuration:\n  - " + String.join("\n  - ", problems));
        }
    }
}
