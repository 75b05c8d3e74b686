package dev.tgbot.client.dto;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Parameters of <a href="https://core.telegram.org/bots/api#getupdates">getUpdates</a>.
 *
 * @param offset first update_id to return; every lower id is confirmed (deleted) by the server; null to start at
 *        the earliest unconfirmed update
 * @param limit 1..100 updates
 * @param timeout long-poll timeout in seconds, 0 for a short poll
 * @param allowedUpdates update types to receive; null keeps the previous setting
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GetUpdatesRequest(Long offset, Integer limit, Integer timeout, List<String> allowedUpdates) {
}
