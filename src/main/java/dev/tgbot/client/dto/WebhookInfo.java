package dev.tgbot.client.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bot API <a href="https://core.telegram.org/bots/api#webhookinfo">WebhookInfo</a>, as returned by getWebhookInfo.
 *
 * @param url the webhook URL, empty when no webhook is set
 * @param hasCustomCertificate true if a self-signed certificate was uploaded
 * @param pendingUpdateCount number of updates awaiting delivery
 * @param ipAddress the IP address Telegram uses, may be null
 * @param lastErrorDate Unix time in seconds of the last delivery error, may be null
 * @param lastErrorMessage the last delivery error, for example {@code Wrong response from the webhook: 503
 *        Service Unavailable}, may be null
 * @param maxConnections maximum simultaneous delivery connections, may be null
 * @param allowedUpdates update types the bot is subscribed to, may be null
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookInfo(String url, boolean hasCustomCertificate, int pendingUpdateCount, String ipAddress,
        Long lastErrorDate, String lastErrorMessage, Integer maxConnections, List<String> allowedUpdates) {

    /** @return true when a webhook URL is set */
    public boolean isSet() {
        return url != null && !url.isEmpty();
    }
}
