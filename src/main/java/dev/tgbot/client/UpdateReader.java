package dev.tgbot.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;
import org.telegram.telegrambots.meta.api.objects.Update;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.tgbot.handler.UnreadableUpdate;

/**
 * Reads updates one by one, so that one the Bot API types cannot hold never costs the others: the getUpdates envelope
 * first ({@code {"ok":true,"result":[...]}}), then each element of {@code result} on its own; a webhook request's
 * body likewise. An element that cannot be read becomes an {@link UnreadableUpdate} with its exact JSON, the JSON path
 * where reading failed and a reason that quotes no value (values may be what users wrote).
 * <p>
 * A readable update costs what it did before: the stream is read once, straight into {@code Update}; only a failure
 * reads its element a second time (for its {@code update_id}).
 */
public final class UpdateReader {

    private static final Logger LOG = Logger.getLogger(UpdateReader.class);
    private static final ObjectReader UPDATE = LibraryJson.mapper().readerFor(Update.class);
    /** Lombok's message for a {@code @NonNull} field left null: the library's required fields. */
    private static final Pattern NON_NULL = Pattern.compile("(\\w+) is marked non-null but is null");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

    /** Webhook body that is no JSON at all. */
    public static final String NOT_JSON = "not a Telegram Update: the body is not JSON";
    /** Webhook body that is JSON but has no positive integer {@code update_id}. */
    public static final String NO_UPDATE_ID = "not a Telegram Update: the body is JSON but has no update_id";

    private UpdateReader() {
    }

    /**
     * Reads getUpdates' answer.
     *
     * @param method the method name for failures ({@code getUpdates})
     * @param answer the HTTP 200 body
     * @return the updates in the order received, readable or not; elements without an {@code update_id} are left
     *         out with a WARN (nothing could confirm or de-duplicate them)
     * @throws TelegramApiException {@link TelegramApiException.Kind#TRANSIENT} when the answer is no Bot API envelope
     *         with a {@code result} array (a proxy's page, a truncated body): an outage, not a crash
     */
    static List<IncomingUpdate> readGetUpdates(String method, String answer) {
        try (JsonParser p = LibraryJson.mapper().getFactory().createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw TelegramApiException.notBotApiAnswer(method, null, answer);
            }
            boolean ok = false;
            List<IncomingUpdate> result = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("ok".equals(name)) {
                    ok = value == JsonToken.VALUE_TRUE;
                } else if ("result".equals(name) && value == JsonToken.START_ARRAY) {
                    result = readArray(p, answer);
                } else {
                    p.skipChildren();
                }
            }
            if (!ok || result == null) {
                throw TelegramApiException.notBotApiAnswer(method, null, answer);
            }
            return result;
        } catch (IOException e) {
            throw TelegramApiException.notBotApiAnswer(method, null, answer);
        }
    }

    private static List<IncomingUpdate> readArray(JsonParser p, String answer) throws IOException {
        List<IncomingUpdate> updates = new ArrayList<>();
        JsonStreamContext array = p.getParsingContext();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonParseException(p, "unexpected end of the result array");
            }
            if (token != JsonToken.START_OBJECT) {
                LOG.warnf("getUpdates: an element of result is %s, not an update; left out.", kind(token));
                p.skipChildren();
                continue;
            }
            int start = (int) p.currentTokenLocation().getCharOffset();
            try {
                Update update = UPDATE.readValue(p);
                if (update.getUpdateId() != null && update.getUpdateId() > 0) {
                    updates.add(IncomingUpdate.of(update));
                } else {
                    LOG.warn("getUpdates: an update without update_id; left out.");
                }
            } catch (StreamReadException broken) {
                throw broken;
            } catch (IOException | RuntimeException e) {
                JsonToken at = p.currentToken();
                while (p.getParsingContext() != array) {
                    if (p.nextToken() == null) {
                        throw new JsonParseException(p, "unexpected end of an update");
                    }
                }
                String json = answer.substring(start, (int) p.currentTokenLocation().getCharOffset() + 1);
                IncomingUpdate unreadable = unreadable(json, e, at);
                if (unreadable != null) {
                    updates.add(unreadable);
                } else {
                    LOG.warn("getUpdates: an update that cannot be read and has no update_id; left out.");
                }
            }
        }
        return updates;
    }

    /**
     * Reads a webhook request's body: one Update.
     *
     * @param body the request body
     * @return the update, readable or not
     * @throws NotAnUpdate when the body is not JSON ({@link #NOT_JSON}) or has no positive integer {@code update_id}
     *         ({@link #NO_UPDATE_ID}): nothing Telegram would send
     */
    public static IncomingUpdate readWebhook(byte[] body) throws NotAnUpdate {
        if (body == null || body.length == 0) {
            throw new NotAnUpdate(NOT_JSON);
        }
        try {
            Update update = UPDATE.readValue(body);
            if (update == null || update.getUpdateId() == null || update.getUpdateId() <= 0) {
                throw new NotAnUpdate(NO_UPDATE_ID);
            }
            return IncomingUpdate.of(update);
        } catch (StreamReadException notJson) {
            throw new NotAnUpdate(NOT_JSON);
        } catch (IOException | RuntimeException e) {
            try {
                LibraryJson.mapper().readTree(body);
            } catch (IOException notJson) {
                // databind may report a truncated body as a mismatch rather than as a parse error
                throw new NotAnUpdate(NOT_JSON);
            }
            JsonToken at = e instanceof JsonMappingException m && m.getProcessor() instanceof JsonParser p
                    ? p.currentToken()
                    : null;
            IncomingUpdate unreadable = unreadable(new String(body, StandardCharsets.UTF_8), e, at);
            if (unreadable == null) {
                throw new NotAnUpdate(NO_UPDATE_ID);
            }
            return unreadable;
        }
    }

    /** @return the element as an unreadable update, or null when it has no positive integer update_id */
    private static IncomingUpdate unreadable(String json, Exception e, JsonToken at) {
        long id;
        try {
            JsonNode tree = LibraryJson.mapper().readTree(json);
            JsonNode node = tree == null ? null : tree.get("update_id");
            id = node != null && node.canConvertToLong() && node.isIntegralNumber() ? node.asLong() : -1;
        } catch (IOException notJson) {
            id = -1;
        }
        if (id <= 0) {
            return null;
        }
        String[] where = describe(e, at);
        return IncomingUpdate.of(new UnreadableUpdate(id, json, where[0], where[1]));
    }

    /** @return the JSON path and the reason of a read failure, quoting no value */
    static String[] describe(Exception e, JsonToken at) {
        StringBuilder path = new StringBuilder("$");
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append('.').append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
        }
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        Matcher required = NON_NULL.matcher(String.valueOf(cause.getMessage()));
        if (cause instanceof NullPointerException && required.find()) {
            path.append('.').append(CAMEL.matcher(required.group(1)).replaceAll("$1_$2").toLowerCase(Locale.ROOT));
            return new String[] { path.toString(), "missing or null, but required" };
        }
        if (e instanceof InvalidFormatException f) {
            return new String[] { path.toString(), kind(f.getValue()) + " where " + typeName(f.getTargetType())
                    + " is expected" };
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return new String[] { path.toString(), (at == null ? "a value" : kind(at)) + " where "
                    + typeName(m.getTargetType()) + " is expected" };
        }
        String text = e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage();
        text = QUOTED.matcher(String.valueOf(text).lines().findFirst().orElse("")).replaceAll("\"…\"");
        if (text.length() > 200) {
            text = text.substring(0, 200) + "…";
        }
        return new String[] { path.toString(), e.getClass().getSimpleName() + ": " + TokenRedactor.redact(text) };
    }

    private static String typeName(Class<?> type) {
        String name = type.getSimpleName();
        if (type.getEnclosingClass() != null && (name.endsWith("Builder") || name.endsWith("BuilderImpl"))) {
            return type.getEnclosingClass().getSimpleName();
        }
        return name;
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "a " + token.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String kind(Object value) {
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return value == null ? "null" : "a value";
    }

    /** A webhook request whose body is nothing Telegram would send; the message is the 400 answer's text. */
    public static final class NotAnUpdate extends Exception {
        NotAnUpdate(String message) {
            super(message, null, false, false);
        }
    }
}
