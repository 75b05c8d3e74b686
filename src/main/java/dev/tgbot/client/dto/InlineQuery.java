package dev.tgbot.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bot API <a href="https://core.telegram.org/bots/api#inlinequery">InlineQuery</a>, the fields this service
 * reads. It has no chat: its updates are ordered per user.
 *
 * @param id unique query identifier
 * @param from the user who typed the query
 * @param query the text of the query
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InlineQuery(String id, User from, String query) {
}
