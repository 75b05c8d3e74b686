package dev.tgbot.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bot API <a href="https://core.telegram.org/bots/api#chat">Chat</a>. Unknown fields are ignored.
 *
 * @param id chat identifier (negative for groups and channels)
 * @param type {@code private}, {@code group}, {@code supergroup} or {@code channel}
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Chat(long id, String type) {
}
