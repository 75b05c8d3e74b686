package dev.tgbot.client;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.botapimethods.PartialBotApiMethod;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.media.InputMedia;
import org.telegram.telegrambots.meta.api.objects.media.paid.InputPaidMedia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.multipart.MultipartForm;

/**
 * One Bot API call ready to send, prepared from any method object of telegrambots-meta, generically (no code per
 * method):
 * <ul>
 * <li>no new file anywhere in it (a {@code file_id} or URL counts as text): the method's JSON;</li>
 * <li>new files ({@link InputFile}, {@link InputMedia} or {@link InputPaidMedia} made from a {@link File} or an
 * {@link InputStream}, at any depth: {@code sendPhoto}, {@code sendMediaGroup}, {@code setWebhook} with a
 * certificate, {@code createNewStickerSet}, ...): {@code multipart/form-data} as the
 * <a href="https://core.telegram.org/bots/api#sending-files">Bot API</a> describes it. A file in a top-level
 * parameter is the part of that parameter ({@code photo}); a nested one ({@code media} of an album item, a
 * {@code thumbnail}) is the part its {@code attach://<name>} names. Other parameters are form fields, objects and
 * arrays as JSON.</li>
 * </ul>
 * Files are streamed from disk by the HTTP client, never held whole in memory. An {@link InputStream} is copied to a
 * temporary file first (so a retry can send it again: a stream can be read only once); {@link #close()} deletes
 * those files. Preparing reads streams: call it off the event loop.
 */
final class BotApiRequest implements AutoCloseable {

    private static final String ATTACH = "attach://";
    private static final String LIBRARY_PACKAGE = "org.telegram.telegrambots.meta.";
    /**
     * The upload methods' own properties carry no JSON names (their classes are written for multipart): Telegram's
     * snake_case names from the Java names ({@code chatId} to {@code chat_id}); annotated nested types keep theirs.
     */
    private static final ObjectMapper FORM = LibraryJson.mapper().copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    /** Derived getters of the upload methods that are no Bot API parameters. */
    private static final Set<String> NOT_PARAMETERS = Set.of("method", "file", "file_field");
    /**
     * Upload-method properties whose snake_case Java name is not the Bot API's. In telegrambots-meta 10.2.0 only
     * {@code SendMediaGroup.medias}: every field of the 20 upload classes was compared with their {@code *_FIELD}
     * constants.
     */
    private static final Map<String, String> RENAMED = Map.of("medias", "media");

    private final String method;
    private final String json;
    private final Map<String, String> fields;
    private final Map<String, Upload> files;
    private final List<Path> temporary;

    private BotApiRequest(String method, String json, Map<String, String> fields, Map<String, Upload> files,
            List<Path> temporary) {
        this.method = method;
        this.json = json;
        this.fields = fields;
        this.files = files;
        this.temporary = temporary;
    }

    /**
     * @param method any Bot API method object
     * @return the request; for uploads, with its streams copied to temporary files
     * @throws UncheckedIOException when a stream cannot be read or a temporary file written
     * @throws IllegalArgumentException when the method cannot be serialized
     */
    static BotApiRequest of(PartialBotApiMethod<?> method) {
        String startup = StartupCallJson.of(method);
        if (startup != null) {
            return new BotApiRequest(method.getMethod(), startup, null, null, List.of());
        }
        Map<String, Object> sources = new LinkedHashMap<>();
        if (mayUpload(method)) {
            collect(method, sources, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        try {
            if (!mayUpload(method)) {
                return new BotApiRequest(method.getMethod(), LibraryJson.mapper().writeValueAsString(method), null,
                        null, List.of());
            }
            ObjectNode tree = parameters(method);
            if (sources.isEmpty()) {
                return new BotApiRequest(method.getMethod(), FORM.writeValueAsString(tree), null, null, List.of());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Map<String, Upload> files = new LinkedHashMap<>();
            List<Path> temporary = new ArrayList<>();
            try {
                for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String name = e.getKey();
                    JsonNode value = e.getValue();
                    String attached = value.isTextual() && value.asText().startsWith(ATTACH)
                            ? value.asText().substring(ATTACH.length()) : null;
                    if (attached != null && sources.containsKey(attached)) {
                        files.put(name, upload(attached, sources.remove(attached), temporary));
                    } else {
                        fields.put(name, value.isValueNode() ? value.asText() : FORM.writeValueAsString(value));
                    }
                }
                for (Map.Entry<String, Object> rest : sources.entrySet()) {
                    files.put(rest.getKey(), upload(rest.getKey(), rest.getValue(), temporary));
                }
            } catch (RuntimeException e) {
                temporary.forEach(BotApiRequest::delete);
                throw e;
            }
            return new BotApiRequest(method.getMethod(), null, fields, files, temporary);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(method.getMethod() + " cannot be serialized: " + e.getOriginalMessage(),
                    e);
        }
    }

    /**
     * @param method a method object
     * @return false for the methods the library knows to be JSON-only ({@link BotApiMethod}): they are never walked
     */
    static boolean mayUpload(PartialBotApiMethod<?> method) {
        return !(method instanceof BotApiMethod);
    }

    /** @return the Bot API method name, as in the URL (the library's, lower case; Telegram ignores the case) */
    String method() {
        return method;
    }

    /**
     * @param method a method object
     * @return its name as the Bot API documents it, for messages: {@code sendMessage} for {@code SendMessage}
     */
    static String nameOf(PartialBotApiMethod<?> method) {
        String simple = method.getClass().getSimpleName();
        return simple.isEmpty() ? method.getMethod() : Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }

    /** @return the {@code chat_id} parameter as sent (digits with a sign, or {@code @username}), or null */
    String chatId() {
        if (json == null) {
            return fields == null ? null : fields.get("chat_id");
        }
        int at = json.indexOf("\"chat_id\":");
        if (at < 0) {
            return null;
        }
        int start = at + "\"chat_id\":".length();
        if (start < json.length() && json.charAt(start) == '"') {
            int end = json.indexOf('"', start + 1);
            return end < 0 ? null : json.substring(start + 1, end);
        }
        int end = start;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
            end++;
        }
        return end == start ? null : json.substring(start, end);
    }

    /** @return whether the call sets {@code allow_paid_broadcast} */
    boolean paidBroadcast() {
        return json == null ? "true".equals(fields == null ? null : fields.get("allow_paid_broadcast"))
                : json.contains("\"allow_paid_broadcast\":true");
    }

    /** @return true when this call uploads files (multipart), false for a JSON body */
    boolean multipart() {
        return json == null;
    }

    /** @return the JSON body; only when not {@link #multipart()} */
    String json() {
        return json;
    }

    /** @return a new multipart form (a form can be sent once; a retry builds another from the same files) */
    MultipartForm form() {
        MultipartForm form = MultipartForm.create();
        fields.forEach(form::attribute);
        files.forEach((name, upload) -> form.binaryFileUpload(name, upload.fileName(), upload.path().toString(),
                "application/octet-stream"));
        return form;
    }

    /** Deletes the temporary copies of streams. Idempotent. */
    @Override
    public void close() {
        temporary.forEach(BotApiRequest::delete);
    }

    /** @return the parameters of an upload-capable method, by their Bot API names */
    private static ObjectNode parameters(PartialBotApiMethod<?> method) {
        ObjectNode tree = FORM.valueToTree(method);
        tree.remove(NOT_PARAMETERS);
        RENAMED.forEach((javaName, apiName) -> {
            JsonNode value = tree.remove(javaName);
            if (value != null) {
                tree.set(apiName, value);
            }
        });
        return tree;
    }

    private static Upload upload(String name, Object source, List<Path> temporary) {
        if (source instanceof File file) {
            return new Upload(name, file.toPath());
        }
        try (InputStream in = (InputStream) source) {
            Path copy = Files.createTempFile("bot-upload-", ".part");
            temporary.add(copy);
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return new Upload(name, copy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the file to upload as '" + name + "'", e);
        }
    }

    /** Walks the library objects reachable from {@code value} and collects new files by their attach name. */
    private static void collect(Object value, Map<String, Object> sources, Set<Object> visited) {
        if (value == null || !visited.add(value)) {
            return;
        }
        if (value instanceof InputFile file) {
            if (file.isNew()) {
                sources.put(file.getMediaName(), file.getNewMediaFile() != null ? file.getNewMediaFile()
                        : file.getNewMediaStream());
            }
            return;
        }
        if (value instanceof InputMedia media && media.isNewMedia()) {
            sources.put(media.getMediaName(), media.getNewMediaFile() != null ? media.getNewMediaFile()
                    : media.getNewMediaStream());
        }
        if (value instanceof InputPaidMedia media && media.isNewMedia()) {
            sources.put(media.getMediaName(), media.getNewMediaFile() != null ? media.getNewMediaFile()
                    : media.getNewMediaStream());
        }
        if (value instanceof Collection<?> items) {
            items.forEach(item -> collect(item, sources, visited));
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> collect(item, sources, visited));
            return;
        }
        if (!value.getClass().getName().startsWith(LIBRARY_PACKAGE)) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()
                        || field.getType() == String.class) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    collect(field.get(value), sources, visited);
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    // not a field that can hold a file
                }
            }
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temporary file in the temp directory: the OS cleans it up
        }
    }

    private record Upload(String fileName, Path path) {
    }
}
