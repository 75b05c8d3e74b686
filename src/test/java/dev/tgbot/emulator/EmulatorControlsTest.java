package dev.tgbot.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tgbot.support.Await;
import dev.tgbot.support.BotApiCaller;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The emulator's controls on bad input (a 4xx with a description, never a 500), its photos (sizes from the bytes, one
 * file_unique_id per file) and its state file (pending updates, the conversation and the files of one emulator are
 * found by the next, as a dev-mode restart needs).
 */
class EmulatorControlsTest {

    static final String TOKEN = "654321:TEST-fake-emulator-token";
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    Vertx vertx;
    BotApiEmulator emulator;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        emulator = BotApiEmulator.start(vertx, TOKEN, EmulatorOptions.local(), 0);
    }

    @AfterEach
    void stop() {
        emulator.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(emulator.url() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void assertRefused(HttpResponse<String> answer, String words) {
        assertEquals(400, answer.statusCode(), answer.body());
        JsonObject json = new JsonObject(answer.body());
        assertFalse(json.getBoolean("ok"));
        assertTrue(json.getString("description", "").contains(words), answer.body());
        assertFalse(answer.body().contains("Exception"), "no Java stack or class names: " + answer.body());
    }

    @Test
    void badInputGets400WithADescription() throws Exception {
        assertRefused(post("/emulator/messages", "application/json", "{\"chat_id\":42,"), "not valid JSON");
        assertRefused(post("/emulator/messages", "application/x-www-form-urlencoded", "chat_id=42&text=hi"),
                "form body");
        assertRefused(post("/emulator/messages", "application/json", "{\"text\":\"hi\"}"), "chat_id is required");
        assertRefused(post("/emulator/messages", "application/json", "{\"chat_id\":\"forty-two\",\"text\":\"hi\"}"),
                "chat_id must be a number");
        assertRefused(post("/emulator/messages", "application/json", "{\"chat_id\":42,\"text\":7}"),
                "text must be a string");
        assertRefused(post("/emulator/messages", "application/json", "[1,2]"), "JSON object");
        assertRefused(post("/emulator/callback", "application/json", "{\"chat_id\":42,\"message_id\":999}"),
                "message_id 999 is no message of the bot in chat 42");
        assertRefused(post("/emulator/faults", "application/json", "{\"kind\":\"meteor\"}"), "kind must be one of");
        assertRefused(post("/emulator/backlog", "application/json", "{\"count\":-5}"), "count must be");
        assertRefused(post("/emulator/updates", "application/json", ""), "the body must be an update");
        assertRefused(post("/emulator/outage", "application/json", "{\"seconds\":\"long\"}"), "an outage takes");
        assertEquals(400, http.send(HttpRequest.newBuilder(URI.create(emulator.url() + "/emulator/sent?chat_id=x"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(0, emulator.pendingCount(), "nothing was injected by a refused request");
        HttpResponse<String> good = post("/emulator/messages", "application/json", "{\"chat_id\":42,\"text\":\"hi\"}");
        assertEquals(200, good.statusCode(), good.body());
        assertEquals(1, emulator.pendingCount());
    }

    @Test
    void aPhotoCarriesItsOwnSizeTypeAndOneUniqueIdPerFile() throws Exception {
        Path png = dir.resolve("picture");
        Files.write(png, png(160, 120));
        emulator.injectPhoto(42, "look", 42, png);
        JsonArray sizes = emulator.conversation(42, 10).get(0).getJsonArray("photo");
        JsonObject thumb = sizes.getJsonObject(0);
        JsonObject full = sizes.getJsonObject(1);
        assertEquals(160, full.getInteger("width"));
        assertEquals(120, full.getInteger("height"));
        assertEquals(90, thumb.getInteger("width"));
        assertEquals(68, thumb.getInteger("height"));
        BotApiCaller bot = new BotApiCaller(emulator.url(), TOKEN);
        JsonObject file = bot.call("getFile", new JsonObject().put("file_id", full.getString("file_id"))).json()
                .getJsonObject("result");
        assertTrue(file.getString("file_path").endsWith(".png"), file.encode());
        assertEquals(full.getString("file_unique_id"), file.getString("file_unique_id"));
        JsonObject echo = bot.call("sendPhoto", new JsonObject().put("chat_id", 42)
                .put("photo", full.getString("file_id"))).json().getJsonObject("result");
        JsonArray echoed = echo.getJsonArray("photo");
        JsonObject largest = echoed.getJsonObject(echoed.size() - 1);
        assertEquals(full.getString("file_unique_id"), largest.getString("file_unique_id"),
                "the bot's echo of the user's photo is the same file");
        assertEquals(160, largest.getInteger("width"));
    }

    @Test
    void theStateFileCarriesPendingUpdatesConversationsAndFilesToTheNextEmulator() throws Exception {
        Path state = dir.resolve("emulator");
        BotApiEmulator first = new BotApiEmulator(vertx, TOKEN, EmulatorOptions.local().withStateDir(state));
        EmulatorStateFile firstFile = new EmulatorStateFile(state);
        assertNull(firstFile.claimAndLoad(), "nothing saved yet");
        firstFile.keep(vertx, first);
        Path upload = dir.resolve("upload");
        Files.write(upload, png(40, 30));
        Path kept = state.resolve("files").resolve("photo-1");
        Files.copy(upload, kept);
        first.injectPhoto(42, "kept", 42, kept);
        firstFile.saveIfChanged(); // what a reload's @PreDestroy does
        // the app has exited, its old router still answers: a message sent now must survive the restart too
        long whileDown = first.injectMessage(42, "sent while the app was down");
        Await.until("the state file has the message", Duration.ofSeconds(5),
                () -> read(state.resolve("state.json")).contains("sent while the app was down"));

        BotApiEmulator next = new BotApiEmulator(vertx, TOKEN, EmulatorOptions.local().withStateDir(state));
        EmulatorStateFile nextFile = new EmulatorStateFile(state);
        JsonObject saved = nextFile.claimAndLoad();
        assertNotNull(saved);
        next.restore(saved);
        assertEquals(2, next.pendingCount(), "both updates are still pending");
        assertEquals("sent while the app was down", next.conversation(42, 10).get(1).getString("text"));
        String fileId = next.conversation(42, 10).get(0).getJsonArray("photo").getJsonObject(1).getString("file_id");
        assertNotNull(next.uploadedFile(fileId), "the photo's bytes are found again");
        assertTrue(Files.isRegularFile(next.uploadedFile(fileId)));
        assertTrue(next.injectMessage(42, "after") > whileDown, "update ids go on");

        // the old emulator no longer writes once the new one owns the file
        first.injectMessage(42, "from the old one");
        Thread.sleep(3 * EmulatorStateFile.SAVE_MS);
        assertFalse(Files.readString(state.resolve("state.json")).contains("from the old one"));
        next.close();
        first.close();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** A minimal valid PNG of the given size (one grey row repeated, unfiltered, stored without compression). */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        ihdr.write(int32(width));
        ihdr.write(int32(height));
        ihdr.write(new byte[] { 8, 0, 0, 0, 0 });
        chunk(out, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < height; y++) {
            raw.write(0);
            raw.write(new byte[width]);
        }
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(raw.toByteArray());
        deflater.finish();
        byte[] buffer = new byte[raw.size() + 64];
        int n = deflater.deflate(buffer);
        chunk(out, "IDAT", java.util.Arrays.copyOf(buffer, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(int32(data.length));
        byte[] name = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(name);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.write(int32((int) crc.getValue()));
    }

    private static byte[] int32(int v) {
        return new byte[] { (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v };
    }
}
