package dev.tgbot.client;

import java.io.Closeable;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The Bot API as a Quarkus REST Client: {@code POST {bot.api-url}/bot{token}/{method}}, with a JSON body or, for
 * methods that upload a new file, {@code multipart/form-data}. The base URI holds the token, so it appears in no
 * method signature. Answers come back as the raw envelope text, which the method object parses into its result type;
 * {@link BotApiClient} builds this client and is its only user.
 */
@Produces(MediaType.APPLICATION_JSON)
interface TelegramBotApi extends Closeable {

    @POST
    @Path("/{method}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<String> json(@PathParam("method") String method, String body);

    @POST
    @Path("/{method}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<String> multipart(@PathParam("method") String method, ClientMultipartForm form);

    /**
     * Turns every HTTP status of 400 and above into a {@link TelegramApiException}: from the error envelope when
     * the body is JSON, else (a 502 HTML page) from the status line. {@code Retry-After} fills in a missing
     * {@code retry_after}.
     */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return error(response.getStatus(), response.getStatusInfo().getReasonPhrase(),
                response.hasEntity() ? response.readEntity(String.class) : "", response.getHeaderString("Retry-After"));
    }

    /**
     * An error answer (HTTP status 400 and above) as an exception: from the error envelope when the body is one;
     * {@link TelegramApiException#notAnEnvelope} for JSON that is no envelope; else (a 502 HTML page) from the status
     * line. {@code Retry-After} fills in a missing {@code retry_after}.
     *
     * @param status the HTTP status
     * @param reason the reason phrase, or null
     * @param body the answer's text
     * @param retryAfterHeader the {@code Retry-After} header (seconds), or null
     * @return the exception, with method "request" (the caller names the method)
     */
    static TelegramApiException error(int status, String reason, String body, String retryAfterHeader) {
        Integer retryAfter = parseInt(retryAfterHeader);
        Long migrateTo = null;
        String description = null;
        boolean envelope = false;
        try {
            JsonNode json = LibraryJson.mapper().readTree(body);
            if (json != null && json.isObject() && !json.has("ok")) {
                String text = body.length() > 200 ? body.substring(0, 200) + "..." : body;
                return TelegramApiException.notAnEnvelope("request", status, TokenRedactor.redact(text.strip()));
            }
            if (json != null && json.isObject()) {
                envelope = true;
                description = json.path("description").asText(null);
                JsonNode after = json.path("parameters").path("retry_after");
                if (after.isNumber()) {
                    retryAfter = after.asInt();
                }
                JsonNode migrate = json.path("parameters").path("migrate_to_chat_id");
                if (migrate.isNumber()) {
                    migrateTo = migrate.asLong();
                }
            }
        } catch (Exception notJson) {
            // an HTML error page from a proxy or front end: described by its status below
        }
        if (description == null) {
            description = "HTTP " + status + (reason == null ? "" : " " + reason) + " with a non-JSON body";
        }
        String text = TokenRedactor.redact(description);
        return envelope ? TelegramApiException.errorEnvelope("request", status, text, retryAfter, migrateTo)
                : new TelegramApiException("request", status, text, retryAfter, migrateTo);
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
}
