package dev.tgbot.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bot API <a href="https://core.telegram.org/bots/api#user">User</a>: a user or bot. Unknown fields are ignored.
 *
 * @param id unique identifier of the user or bot
 * @param isBot true for bots
 * @param firstName first name
 * @param username username without the leading {@code @}, may be null
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record User(long id, boolean isBot, String firstName, String username) {
}
