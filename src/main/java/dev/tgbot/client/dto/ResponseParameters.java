package dev.tgbot.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Bot API <a href="https://core.telegram.org/bots/api#responseparameters">ResponseParameters</a> of a failed call.
 *
 * @param retryAfter seconds to wait before repeating the request (429), may be null
 * @param migrateToChatId the supergroup id the group moved to, may be null
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseParameters(Integer retryAfter, Long migrateToChatId) {
}
