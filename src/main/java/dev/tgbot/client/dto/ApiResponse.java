package dev.tgbot.client.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Bot API response envelope: {@code {"ok":true,"result":...}} or
 * {@code {"ok":false,"error_code":N,"description":"...","parameters":{...}}}.
 *
 * @param ok true on success
 * @param result the method's result on success
 * @param description human-readable text, always present on failure
 * @param errorCode the error code on failure (equals the HTTP status)
 * @param parameters extra failure details such as {@code retry_after}
 * @param <T> the result type
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(boolean ok, T result, String description, Integer errorCode,
        ResponseParameters parameters) {
}
