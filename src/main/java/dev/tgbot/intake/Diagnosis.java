package dev.tgbot.intake;

import org.telegram.telegrambots.meta.api.objects.WebhookInfo;

import dev.tgbot.client.TokenRedactor;
import dev.tgbot.config.BotSettings;
import dev.tgbot.lifecycle.InstanceIdentity;

/** The texts that tell an operator what happened and what to do. None contains the token. */
final class Diagnosis {

    private Diagnosis() {
    }

    static String unauthorized() {
        return "UNAUTHORIZED: the Bot API rejected the bot token (401). It was revoked or mistyped. Get the current "
                + "token from @BotFather (/mybots > API Token) and set TELEGRAM_BOT_TOKEN (bot.token). Not retried.";
    }

    static String notFound(BotSettings settings) {
        return "NOT FOUND: the Bot API at bot.api-url=" + settings.apiUrl() + " answered 404. Check bot.api-url: "
                + "it must be the base URL of a Bot API server, such as https://api.telegram.org.";
    }

    static String conflictReport(String what, WebhookInfo info, InstanceIdentity self, BotSettings settings) {
        StringBuilder report = new StringBuilder(what).append('\n');
        if (info == null) {
            report.append("  getWebhookInfo: unavailable\n");
        } else {
            report.append("  getWebhookInfo: url=").append(webhookSet(info) ? TokenRedactor.redact(info.getUrl()) : "(none)")
                    .append(", pending_update_count=").append(info.getPendingUpdatesCount());
            if (info.getLastErrorMessage() != null) {
                report.append(", last_error_message=").append(info.getLastErrorMessage());
            }
            report.append('\n');
        }
        report.append("  this instance: bot id ").append(settings.botId()).append(", ").append(self).append('\n');
        if (info != null && webhookSet(info)) {
            report.append("  What to check: the deployment that owns the webhook ")
                    .append(TokenRedactor.redact(info.getUrl()))
                    .append(". If this instance should receive the updates, stop that deployment or run this one "
                            + "with bot.mode=webhook; if not, run this one with bot.mode=off.");
        } else {
            report.append("  What to check: other deployments of this bot (an old release, another region or "
                    + "platform), containers still running, dev servers, a laptop polling with the same token. "
                    + "If the other instance is unknown, /revoke the token at @BotFather and deploy the new one.");
        }
        return report.toString();
    }

    /** @return true when getWebhookInfo reports a webhook URL */
    static boolean webhookSet(WebhookInfo info) {
        return info.getUrl() != null && !info.getUrl().isEmpty();
    }
}
