package dev.tgbot.client.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Parameters of <a href="https://core.telegram.org/bots/api#setwebhook">setWebhook</a> and, with an empty url
 * and only {@code drop_pending_updates}, of deleteWebhook.
 *
 * @param url HTTPS URL to send updates to; empty to remove the webhook
 * @param secretToken 1-256 characters {@code A-Za-z0-9_-} sent back in {@code X-Telegram-Bot-Api-Secret-Token}
 * @param maxConnections 1..100 simultaneous delivery connections
 * @param allowedUpdates update types to receive; null keeps the previous setting
 * @param dropPendingUpdates true to drop all pending updates
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SetWebhookRequest(String url, String secretToken, Integer maxConnections, List<String> allowedUpdates,
        Boolean dropPendingUpdates) {
}
