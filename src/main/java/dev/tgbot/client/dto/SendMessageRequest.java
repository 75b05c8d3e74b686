package dev.tgbot.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Parameters of <a href="https://core.telegram.org/bots/api#sendmessage">sendMessage</a>.
 *
 * @param chatId target chat
 * @param text 1-4096 characters
 * @param replyParameters the message to reply to, or null
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendMessageRequest(long chatId, String text, ReplyParameters replyParameters) {

    /**
     * Bot API <a href="https://core.telegram.org/bots/api#replyparameters">ReplyParameters</a>.
     *
     * @param messageId the message to reply to, in the same chat
     * @param allowSendingWithoutReply send even if that message was deleted
     */
    @RegisterForReflection
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReplyParameters(long messageId, boolean allowSendingWithoutReply) {
    }
}
