package dev.tgbot.intake;

import dev.tgbot.config.BotConfig.Mode;

/**
 * CDI event, fired asynchronously once per application start when Telegram agrees with {@code bot.mode} (polling:
 * the webhook is gone, or this instance is a lease standby that proved the token; webhook: it is set and verified).
 * Not fired in {@code off} mode. Observe it with {@code @ObservesAsync BotStarted} for a bot's own one-time calls,
 * such as {@code setMyCommands}; they run beside the intake, not before it.
 *
 * @param mode the intake mode, polling or webhook
 */
public record BotStarted(Mode mode) {
}
