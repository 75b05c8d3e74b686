package dev.tgbot.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The emulator's Bot API methods other than the intake's (getUpdates, the webhook methods and getMe live in
 * {@link BotApiEmulator}): what a bot calls from its handlers. Each answers as Telegram would, with a plausible result:
 * <ul>
 * <li>{@code sendMessage}, {@code sendPhoto}, {@code sendDocument}, {@code sendAudio}, {@code sendVideo},
 * {@code sendAnimation}, {@code sendVoice}, {@code sendVideoNote}, {@code sendSticker}, {@code sendLocation},
 * {@code sendDice}, {@code sendMediaGroup} (an array of messages), {@code copyMessage}, {@code forwardMessage}: a
 * new message of the bot, recorded in {@link #sent()}; a new file (multipart part or {@code attach://}) gets a
 * file_id that {@code getFile} knows;</li>
 * <li>{@code editMessageText}, {@code editMessageCaption}, {@code editMessageReplyMarkup}: the recorded message is
 * changed in place; {@code deleteMessage}, {@code deleteMessages}: removed;</li>
 * <li>{@code answerCallbackQuery}, {@code answerInlineQuery}, {@code sendChatAction}, {@code setMyCommands},
 * {@code getMyCommands}, {@code deleteMyCommands}, {@code getChat}, {@code getChatMember},
 * {@code getChatAdministrators}, {@code getChatMemberCount}, {@code pinChatMessage}, {@code unpinChatMessage},
 * {@code leaveChat}, {@code setMessageReaction}, {@code getFile}.</li>
 * </ul>
 * Every call is recorded with its parameters and uploaded parts ({@link #calls()}). An unknown method answers 404
 * {@code Not Found: method not found}. Thread-safe.
 */
final class BotMethods {

    /** A Bot API error answer. */
    static final class MethodError extends RuntimeException {
        final int code;

        MethodError(int code, String description) {
            super(description, null, false, false);
            this.code = code;
        }
    }

    /** An uploaded part: its form name, file name, size, SHA-256 and where it is stored. */
    record Part(String name, String fileName, long size, String sha256, Path path) {
        JsonObject toJson() {
            return new JsonObject().put("name", name).put("file_name", fileName).put("size", size)
                    .put("sha256", sha256);
        }
    }

    private final Supplier<JsonObject> botUser;
    private final Supplier<Long> nextMessageId;
    private final List<JsonObject> sent = new ArrayList<>();
    /** The same messages by chat and message id: replies and edits find theirs without a scan. */
    private final Map<String, JsonObject> byId = new HashMap<>();
    private final List<JsonObject> calls = new ArrayList<>();
    private final Map<String, JsonObject> files = new LinkedHashMap<>();
    private final Map<String, Path> fileContent = new HashMap<>();
    private JsonArray commands = new JsonArray();
    private long nextFileId = 1;

    /** A user's message by chat and message id, or null: what a reply of the bot quotes. */
    interface UserMessages {
        JsonObject find(long chatId, long messageId);
    }

    private final UserMessages userMessages;

    BotMethods(Supplier<JsonObject> botUser, Supplier<Long> nextMessageId, UserMessages userMessages) {
        this.botUser = botUser;
        this.nextMessageId = nextMessageId;
        this.userMessages = userMessages;
    }

    /**
     * @param method the method name, lower case
     * @param p its parameters
     * @param parts uploaded parts by form name
     * @return the result, or null when this class does not know the method
     * @throws MethodError with Telegram's code and description
     */
    synchronized Object call(String method, Params p, Map<String, Part> parts) {
        JsonObject record = new JsonObject().put("method", method).put("params", p.toJson())
                .put("at_ms", System.currentTimeMillis());
        if (!parts.isEmpty()) {
            JsonArray uploaded = new JsonArray();
            parts.values().forEach(part -> uploaded.add(part.toJson()));
            record.put("files", uploaded);
        }
        calls.add(record);
        return switch (method) {
            case "sendmessage" -> send(p, requireText(p, "text", "message text is empty"), null, parts);
            case "sendphoto", "senddocument", "sendaudio", "sendvideo", "sendanimation", "sendvoice",
                    "sendvideonote", "sendsticker" -> send(p, null, method.substring(4).replace("videonote",
                            "video_note"), parts);
            case "sendlocation" -> sendWith(p, new JsonObject().put("location", new JsonObject()
                    .put("latitude", p.doubleValue("latitude")).put("longitude", p.doubleValue("longitude"))));
            case "senddice" -> sendWith(p, new JsonObject().put("dice", new JsonObject()
                    .put("emoji", p.string("emoji", "🎲")).put("value", 1 + (int) (nextFileId++ % 6))));
            case "sendmediagroup" -> sendMediaGroup(p, parts);
            case "copymessage", "forwardmessage" -> copy(p, method.equals("copymessage"));
            case "editmessagetext" -> edit(p, m -> m.put("text", requireText(p, "text", "message text is empty")));
            case "editmessagecaption" -> edit(p, m -> m.put("caption", p.string("caption", "")));
            case "editmessagereplymarkup" -> edit(p, m -> { });
            case "deletemessage" -> delete(chatId(p), p.longValue("message_id", 0));
            case "deletemessages" -> {
                long chat = chatId(p);
                for (Object id : p.array("message_ids")) {
                    delete(chat, Long.parseLong(String.valueOf(id)));
                }
                yield true;
            }
            case "answercallbackquery" -> {
                requireText(p, "callback_query_id", "query is too old and response timeout expired or query ID is "
                        + "invalid");
                yield true;
            }
            case "answerinlinequery", "sendchataction", "pinchatmessage", "unpinchatmessage", "leavechat",
                    "setmessagereaction" -> true;
            case "setmycommands" -> {
                commands = p.array("commands");
                yield true;
            }
            case "getmycommands" -> commands.copy();
            case "deletemycommands" -> {
                commands = new JsonArray();
                yield true;
            }
            case "getchat" -> chat(chatId(p)).put("accent_color_id", 0).put("max_reaction_count", 11);
            case "getchatmember" -> new JsonObject().put("status", "member").put("user", new JsonObject()
                    .put("id", p.longValue("user_id", 0)).put("is_bot", false).put("first_name", "User"));
            case "getchatadministrators" -> new JsonArray().add(new JsonObject().put("status", "creator")
                    .put("user", new JsonObject().put("id", Math.abs(chatId(p))).put("is_bot", false)
                            .put("first_name", "Owner")).put("is_anonymous", false));
            case "getchatmembercount" -> 2;
            case "getfile" -> getFile(p.string("file_id", ""));
            default -> null;
        };
    }

    /** @return messages the bot sent, oldest first, as they are now (edited in place, deleted ones gone) */
    synchronized List<JsonObject> sent() {
        return new ArrayList<>(sent);
    }

    /** @return how many messages the bot has now, without copying them */
    synchronized int sentCount() {
        return sent.size();
    }

    /** @return every recorded call: {@code {"method", "params", "at_ms", "files"?}} (at_ms: arrival, epoch ms), oldest first */
    synchronized List<JsonObject> calls() {
        return new ArrayList<>(calls);
    }

    synchronized void clear() {
        sent.clear();
        byId.clear();
        calls.clear();
    }

    /** @return the bot's message in {@code chatId} with {@code messageId}, or null */
    synchronized JsonObject message(long chatId, long messageId) {
        return find(chatId, messageId);
    }

    /**
     * Registers a file a user sent (a photo of a user message), so that getFile and sendPhoto with its file_id work.
     *
     * @param width in pixels, as the PhotoSize says
     * @param height in pixels
     * @param extension of {@code file_path}, from the bytes ({@code png}, {@code jpg}, ...)
     * @return the file object: file_id, file_unique_id, file_size, file_path, width, height
     */
    synchronized JsonObject registerUserFile(String uniqueHint, long size, Path content, int width, int height,
            String extension) {
        String id = "user-file-" + uniqueHint + "-" + nextFileId++;
        JsonObject file = new JsonObject().put("file_id", id).put("file_unique_id", "u" + id)
                .put("file_size", size).put("file_path", "photos/" + id + "." + extension).put("width", width)
                .put("height", height);
        files.put(id, file);
        if (content != null) {
            fileContent.put(id, content);
        }
        return file.copy();
    }

    /** @return the commands of the last setMyCommands */
    synchronized JsonArray commands() {
        return commands.copy();
    }

    /** @return the stored content of an uploaded file, or null (a file known only by id) */
    synchronized Path content(String fileId) {
        return fileContent.get(fileId);
    }

    synchronized JsonArray snapshot() {
        return new JsonArray(new ArrayList<>(sent));
    }

    /** @return the files and commands: {@code {"files": [file objects], "content": {file_id: path}, "next_file_id", "commands"}} */
    synchronized JsonObject snapshotFiles() {
        JsonObject content = new JsonObject();
        fileContent.forEach((id, path) -> content.put(id, path.toString()));
        return new JsonObject().put("files", new JsonArray(new ArrayList<>(files.values()))).put("content", content)
                .put("next_file_id", nextFileId).put("commands", commands.copy());
    }

    /** Restores a {@link #snapshotFiles()}; bytes that are gone from disk leave the file known only by its id. */
    synchronized void restoreFiles(JsonObject state) {
        state.getJsonArray("files", new JsonArray()).forEach(f -> {
            JsonObject file = (JsonObject) f;
            files.put(file.getString("file_id"), file);
        });
        state.getJsonObject("content", new JsonObject()).forEach(e -> {
            Path path = Path.of(String.valueOf(e.getValue()));
            if (java.nio.file.Files.isRegularFile(path)) {
                fileContent.put(e.getKey(), path);
            }
        });
        nextFileId = Math.max(nextFileId, state.getLong("next_file_id", 1L));
        commands = state.getJsonArray("commands", new JsonArray()).copy();
    }

    synchronized void restore(JsonArray messages) {
        sent.clear();
        byId.clear();
        messages.forEach(m -> add((JsonObject) m));
    }

    private void add(JsonObject message) {
        sent.add(message);
        byId.put(key(message.getJsonObject("chat").getLong("id"), message.getLong("message_id")), message);
    }

    private static String key(long chatId, long messageId) {
        return chatId + ":" + messageId;
    }

    private JsonObject send(Params p, String text, String media, Map<String, Part> parts) {
        JsonObject content = new JsonObject();
        if (text != null) {
            content.put("text", text);
        }
        if (media != null) {
            JsonObject file = fileFor(p.string(media, null), parts.get(media), parts, media);
            content.put(media, media.equals("photo") ? photoSizes(file) : file);
            String caption = p.string("caption", null);
            if (caption != null) {
                content.put("caption", caption);
            }
        }
        return sendWith(p, content);
    }

    private JsonObject sendWith(Params p, JsonObject content) {
        long chatId = chatId(p);
        JsonObject message = new JsonObject().put("message_id", nextMessageId.get()).put("from", botUser.get())
                .put("chat", chat(chatId)).put("date", Instant.now().getEpochSecond());
        message.mergeIn(content);
        Long replyTo = p.nestedLong("reply_parameters", "message_id");
        if (replyTo == null && p.string("reply_to_message_id", null) != null) {
            replyTo = p.longValue("reply_to_message_id", 0);
        }
        if (replyTo != null) {
            JsonObject original = find(chatId, replyTo);
            if (original == null) {
                original = userMessages.find(chatId, replyTo);
            }
            message.put("reply_to_message", original != null ? original.copy()
                    : new JsonObject().put("message_id", replyTo).put("chat", chat(chatId))
                            .put("date", Instant.now().getEpochSecond()));
        }
        JsonObject markup = p.object("reply_markup");
        if (markup != null && markup.containsKey("inline_keyboard")) {
            message.put("reply_markup", markup);
        }
        add(message);
        return message;
    }

    private JsonArray sendMediaGroup(Params p, Map<String, Part> parts) {
        JsonArray media = p.array("media");
        if (media.size() < 2 || media.size() > 10) {
            throw new MethodError(400, "Bad Request: wrong number of media in the album: must be 2-10");
        }
        JsonArray messages = new JsonArray();
        String group = "album-" + nextFileId++;
        for (Object item : media) {
            JsonObject m = (JsonObject) item;
            String type = m.getString("type", "photo");
            JsonObject file = fileFor(m.getString("media"), null, parts, type);
            JsonObject content = new JsonObject().put(type, type.equals("photo") ? photoSizes(file) : file)
                    .put("media_group_id", group);
            if (m.getString("caption") != null) {
                content.put("caption", m.getString("caption"));
            }
            messages.add(sendWith(p, content));
        }
        return messages;
    }

    private JsonObject copy(Params p, boolean copy) {
        long from = Long.parseLong(p.string("from_chat_id", "0"));
        JsonObject original = find(from, p.longValue("message_id", 0));
        JsonObject content = original == null ? new JsonObject().put("text", "(a message)") : original.copy();
        for (String key : List.of("message_id", "from", "chat", "date", "reply_to_message", "reply_markup")) {
            content.remove(key);
        }
        JsonObject message = sendWith(p, content);
        return copy ? new JsonObject().put("message_id", message.getLong("message_id")) : message;
    }

    private Object edit(Params p, java.util.function.Consumer<JsonObject> change) {
        if (p.string("inline_message_id", null) != null) {
            return true;
        }
        long chatId = chatId(p);
        JsonObject message = find(chatId, p.longValue("message_id", 0));
        if (message == null) {
            throw new MethodError(400, "Bad Request: message to edit not found");
        }
        JsonObject before = message.copy();
        change.accept(message);
        JsonObject markup = p.object("reply_markup");
        if (markup != null) {
            message.put("reply_markup", markup);
        } else {
            message.remove("reply_markup");
        }
        if (before.equals(message)) {
            throw new MethodError(400, "Bad Request: message is not modified: specified new message content and "
                    + "reply markup are exactly the same as a current content and reply markup of the message");
        }
        message.put("edit_date", Instant.now().getEpochSecond());
        return message;
    }

    private boolean delete(long chatId, long messageId) {
        JsonObject message = find(chatId, messageId);
        if (message == null) {
            throw new MethodError(400, "Bad Request: message to delete not found");
        }
        sent.remove(message);
        byId.remove(key(chatId, messageId));
        return true;
    }

    private JsonObject getFile(String fileId) {
        JsonObject file = files.get(fileId);
        if (file == null) {
            throw new MethodError(400, "Bad Request: invalid file_id");
        }
        return file.copy();
    }

    /** A file named by a parameter: a new upload (its part, or {@code attach://name}), else a file_id or URL. */
    private JsonObject fileFor(String value, Part direct, Map<String, Part> parts, String kind) {
        Part part = direct;
        if (part == null && value != null && value.startsWith("attach://")) {
            part = parts.get(value.substring("attach://".length()));
            if (part == null) {
                throw new MethodError(400, "Bad Request: wrong file identifier/HTTP URL specified");
            }
        }
        if (part != null) {
            String id = "file-" + nextFileId++;
            JsonObject file = new JsonObject().put("file_id", id).put("file_unique_id", "u" + id)
                    .put("file_size", part.size()).put("file_name", part.fileName())
                    .put("file_path", kind + "s/" + id + "-" + part.fileName());
            int[] dimensions = kind.equals("photo") ? ImageSize.of(part.path()) : null;
            if (dimensions != null) {
                int[] fitted = ImageSize.fit(dimensions[0], dimensions[1], 1280);
                file.put("width", fitted[0]).put("height", fitted[1]);
            }
            files.put(id, file);
            fileContent.put(id, part.path());
            return file.copy();
        }
        if (value == null || value.isEmpty()) {
            throw new MethodError(400, "Bad Request: there is no " + kind + " in the request");
        }
        JsonObject known = files.get(value);
        if (known != null) {
            return known.copy();
        }
        if (value.startsWith("http://") || value.startsWith("https://")) {
            String id = "url-file-" + nextFileId++;
            JsonObject file = new JsonObject().put("file_id", id).put("file_unique_id", "u" + id)
                    .put("file_size", 0).put("file_path", kind + "s/" + id);
            files.put(id, file);
            return file.copy();
        }
        throw new MethodError(400, "Bad Request: wrong file identifier/HTTP URL specified");
    }

    /**
     * The PhotoSizes of a sent photo: a thumbnail and the picture, both of this file (its file_id and
     * file_unique_id, as the user's copy carries them), sized from what is known of it.
     */
    private static JsonArray photoSizes(JsonObject file) {
        int width = file.getInteger("width", 1280);
        int height = file.getInteger("height", 1280);
        int[] thumb = ImageSize.fit(width, height, 90);
        JsonObject bare = file.copy();
        return new JsonArray().add(bare.copy().put("width", thumb[0]).put("height", thumb[1]))
                .add(bare.copy().put("width", width).put("height", height));
    }

    private JsonObject find(long chatId, long messageId) {
        return byId.get(key(chatId, messageId));
    }

    private static long chatId(Params p) {
        String chat = p.string("chat_id", null);
        if (chat == null || chat.isEmpty()) {
            throw new MethodError(400, "Bad Request: chat_id is empty");
        }
        try {
            return Long.parseLong(chat);
        } catch (NumberFormatException e) {
            throw new MethodError(400, "Bad Request: chat not found");
        }
    }

    private static JsonObject chat(long chatId) {
        JsonObject chat = new JsonObject().put("id", chatId).put("type", chatId > 0 ? "private" : "group");
        return chatId > 0 ? chat.put("first_name", "User " + chatId) : chat.put("title", "Group " + -chatId);
    }

    private static String requireText(Params p, String name, String missing) {
        String value = p.string(name, null);
        if (value == null || value.isBlank()) { // Telegram strips the text first: spaces alone are empty
            throw new MethodError(400, "Bad Request: " + missing);
        }
        return value;
    }

    /** Stores an uploaded file's facts; the file itself stays where the body handler wrote it. */
    static Part part(String name, String fileName, Path path) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (var in = Files.newInputStream(path)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0;) {
                    sha.update(buffer, 0, n);
                    size += n;
                }
            }
            return new Part(name, fileName, size, HexFormat.of().formatHex(sha.digest()), path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
