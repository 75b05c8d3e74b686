package dev.tgbot.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bot API <a href="https://core.telegram.org/bots/api#message">Message</a>, the fields this service reads.
 * Unknown fields are ignored.
 *
 * @param messageId identifier of the message inside its chat
 * @param from sender, null for channel posts
 * @param chat the chat the message belongs to
 * @param date Unix time in seconds
 * @param text text of a text message, else null
 * @param replyToMessage the message this one replies to, or null
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(long messageId, User from, Chat chat, long date, String text, Message replyToMessage) {
}
