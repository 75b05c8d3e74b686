package dev.tgbot.client;

import java.io.Closeable;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tgbot.client.dto.ApiResponse;
import dev.tgbot.client.dto.GetUpdatesRequest;
import dev.tgbot.client.dto.Message;
import dev.tgbot.client.dto.SendMessageRequest;
import dev.tgbot.client.dto.SetWebhookRequest;
import dev.tgbot.client.dto.Update;
import dev.tgbot.client.dto.User;
import dev.tgbot.client.dto.WebhookInfo;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The Bot API as a Quarkus REST Client. Its base URI is {@code {bot.api-url}/bot{token}}, so the token appears in
 * no method signature; {@link BotApiClient} builds it and is the only user. Every method is a POST with a JSON body.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface TelegramBotApi extends Closeable {

    @POST
    @Path("/getMe")
    Uni<ApiResponse<User>> getMe();

    @POST
    @Path("/getUpdates")
    Uni<ApiResponse<List<Update>>> getUpdates(GetUpdatesRequest request);

    @POST
    @Path("/setWebhook")
    Uni<ApiResponse<Boolean>> setWebhook(SetWebhookRequest request);

    @POST
    @Path("/deleteWebhook")
    Uni<ApiResponse<Boolean>> deleteWebhook(SetWebhookRequest request);

    @POST
    @Path("/getWebhookInfo")
    Uni<ApiResponse<WebhookInfo>> getWebhookInfo();

    @POST
    @Path("/sendMessage")
    Uni<ApiResponse<Message>> sendMessage(SendMessageRequest request);

    /**
     * Turns every HTTP status of 400 and above into a {@link TelegramApiException}: from the error envelope when
     * the body is JSON, else (a 502 HTML page) from the status line. {@code Retry-After} fills in a missing
     * {@code retry_after}.
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        Integer retryAfter = parseInt(response.getHeaderString("Retry-After"));
        String description = null;
        try {
            JsonNode json = ErrorBody.MAPPER.readTree(body);
            if (json != null && json.isObject()) {
                description = json.path("description").asText(null);
                JsonNode after = json.path("parameters").path("retry_after");
                if (after.isNumber()) {
                    retryAfter = after.asInt();
                }
            }
        } catch (Exception notJson) {
            // an HTML error page from a proxy or front end: described by its status below
        }
        if (description == null) {
            String reason = response.getStatusInfo().getReasonPhrase();
            description = "HTTP " + status + (reason == null ? "" : " " + reason) + " with a non-JSON body";
        }
        return new TelegramApiException("request", status, TokenRedactor.redact(description), retryAfter);
    }

    private static Integer parseInt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Holder of the lenient JSON reader for error bodies. */
    final class ErrorBody {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

        private ErrorBody() {
        }
    }
}
