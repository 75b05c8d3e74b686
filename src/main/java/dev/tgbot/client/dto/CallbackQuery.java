package dev.tgbot.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bot API <a href="https://core.telegram.org/bots/api#callbackquery">CallbackQuery</a>, the fields this
 * service reads.
 *
 * @param id unique query identifier
 * @param from the user who pressed the button
 * @param message the message with the button, may be null
 * @param data the button's callback data, may be null
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallbackQuery(String id, User from, Message message, String data) {
}
