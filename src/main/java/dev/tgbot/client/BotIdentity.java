package dev.tgbot.client;

/**
 * What the intake reads of <a href="https://core.telegram.org/bots/api#getme">getMe</a>'s answer: the bot's id and,
 * when given, its username. Nothing else is required, so a Bot API server that leaves out other fields (test servers
 * answer without {@code is_bot}) never stops the start. For the whole {@code User}, call
 * {@code execute(new GetMe())}.
 *
 * @param id the bot's user id (the number before the colon of its token)
 * @param username the bot's username without {@code @}, or null when the answer has none
 */
public record BotIdentity(long id, String username) {
}
