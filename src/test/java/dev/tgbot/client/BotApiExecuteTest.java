package dev.tgbot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.commands.GetMyCommands;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChat;
import org.telegram.telegrambots.meta.api.methods.groupadministration.GetChatAdministrators;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMediaGroup;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.chat.ChatFullInfo;
import org.telegram.telegrambots.meta.api.objects.chatmember.ChatMember;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.media.InputMediaPhoto;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.Fault;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * {@link BotApiClient#execute}: any method object of telegrambots-meta against the emulator. Round trips of a send,
 * an edit, a callback answer, a delete, getChat and methods returning arrays; uploads whose bytes arrive intact; a
 * 429 that is waited out; a 400 that reaches the caller with Telegram's words.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class BotApiExecuteTest {

    static final long CHAT = 5150;

    @Inject
    BotApiClient api;
    BotApiEmulator emulator;

    @BeforeEach
    void setUp() {
        emulator = EmulatorResource.emulator();
        emulator.clearSent();
        emulator.clearFaults();
    }

    <T extends Serializable> T run(Uni<T> call) {
        return call.await().atMost(Duration.ofSeconds(20));
    }

    @Test
    void sendEditAnswerDeleteRoundTrips() {
        Message sent = run(api.execute(SendMessage.builder().chatId(CHAT).text("first").build()));
        assertEquals("first", sent.getText());
        assertEquals(CHAT, sent.getChatId());

        Serializable edited = run(api.execute(EditMessageText.builder().chatId(CHAT).messageId(sent.getMessageId())
                .text("second").build()));
        assertInstanceOf(Message.class, edited, "editing a message of a chat answers the message");
        assertEquals("second", ((Message) edited).getText());
        assertEquals("second", emulator.sent(CHAT).get(0).getString("text"), "edited in place at the emulator");

        assertTrue(run(api.execute(AnswerCallbackQuery.builder().callbackQueryId("cbq-1").text("done").build())));
        assertTrue(run(api.execute(DeleteMessage.builder().chatId(CHAT).messageId(sent.getMessageId()).build())));
        assertTrue(emulator.sent(CHAT).isEmpty(), "deleted at the emulator");

        JsonObject answer = emulator.calls().stream().filter(c -> c.getString("method").equals("answercallbackquery"))
                .findFirst().orElseThrow();
        assertEquals("cbq-1", answer.getJsonObject("params").getString("callback_query_id"), "recorded with params");
    }

    @Test
    void getChatAndMethodsReturningArrays() {
        ChatFullInfo chat = run(api.execute(GetChat.builder().chatId(-77L).build()));
        assertEquals(-77L, chat.getId());
        assertEquals("group", chat.getType());

        ArrayList<ChatMember> admins = run(api.execute(GetChatAdministrators.builder().chatId(-77L).build()));
        assertEquals(1, admins.size());
        assertEquals("creator", admins.get(0).getStatus());

        assertTrue(run(api.execute(SetMyCommands.builder().command(new BotCommand("start", "greeting"))
                .command(new BotCommand("picture", "a picture")).build())));
        ArrayList<BotCommand> commands = run(api.execute(new GetMyCommands()));
        assertEquals(List.of("start", "picture"), commands.stream().map(BotCommand::getCommand).toList());
    }

    @Test
    void uploadsArriveIntactAsMultipartFromAStreamAndFromAFile() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Message fromStream = run(api.execute(SendDocument.builder().chatId(CHAT)
                .document(new InputFile(new ByteArrayInputStream(bytes), "report.bin")).caption("a stream").build()));
        assertEquals("report.bin", fromStream.getDocument().getFileName());
        assertEquals((long) bytes.length, fromStream.getDocument().getFileSize());
        assertArrayEquals(bytes, stored(fromStream.getDocument().getFileId()));

        Path file = Files.createTempFile("upload-test-", ".png");
        Files.write(file, bytes);
        Message fromFile = run(api.execute(SendPhoto.builder().chatId(CHAT).photo(new InputFile(file.toFile()))
                .caption("a file, Grüße ✓").build()));
        String fileId = fromFile.getPhoto().get(0).getFileId();
        assertArrayEquals(bytes, stored(fileId));
        File info = run(api.execute(GetFile.builder().fileId(fileId).build()));
        assertEquals((long) bytes.length, info.getFileSize());

        JsonObject call = emulator.calls().stream().filter(c -> c.getString("method").equals("sendphoto"))
                .findFirst().orElseThrow();
        assertEquals("photo", call.getJsonArray("files").getJsonObject(0).getString("name"),
                "a top-level file is the part of its parameter");
        assertEquals(sha256(bytes), call.getJsonArray("files").getJsonObject(0).getString("sha256"));
        assertEquals("a file, Grüße ✓", call.getJsonObject("params").getString("caption"), "a text field in UTF-8");
        Files.delete(file);
    }

    @Test
    void a429OnAnUploadIsWaitedOutAndTheFileSentAgainWhole() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(11).nextBytes(bytes);
        int before = emulator.callCount("sendDocument");
        emulator.addFault(Fault.tooManyRequests("sendDocument", 1, 1));
        long start = System.nanoTime();
        Message sent = run(api.execute(SendDocument.builder().chatId(CHAT)
                .document(new InputFile(new ByteArrayInputStream(bytes), "again.bin")).build()));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, emulator.callCount("sendDocument") - before, "one 429, one success");
        assertTrue(waitedMs >= 900, "waited retry_after=1 s, took " + waitedMs + " ms");
        assertArrayEquals(bytes, stored(sent.getDocument().getFileId()));
    }

    @Test
    void anUploadsErrorAnswersAreReadAsAJsonCallsAre() {
        byte[] bytes = { 9, 8, 7 };
        TelegramApiException rejected = assertThrows(TelegramApiException.class, () -> run(api.execute(
                SendDocument.builder().chatId("not-a-chat").document(new InputFile(new ByteArrayInputStream(bytes),
                        "x.bin")).build())));
        assertEquals(400, rejected.errorCode());
        assertEquals("sendDocument", rejected.method());
        assertEquals("Bad Request: chat not found", rejected.description());
        assertEquals(TelegramApiException.Kind.REJECTED, rejected.kind());

        // a proxy's page instead of the answer is an outage (retried), not a result and not a crash
        int before = emulator.callCount("sendDocument");
        emulator.addFault(Fault.of("sendDocument", Fault.Kind.PROXY_PAGE, 1));
        Message sent = run(api.execute(SendDocument.builder().chatId(CHAT)
                .document(new InputFile(new ByteArrayInputStream(bytes), "y.bin")).build()));
        assertEquals(2, emulator.callCount("sendDocument") - before, "the page, then the answer");
        assertArrayEquals(bytes, stored(sent.getDocument().getFileId()));
    }

    @Test
    void anAlbumUploadsEachNewPhotoUnderItsAttachName() {
        byte[] one = { 1, 2, 3 };
        byte[] two = { 4, 5, 6, 7 };
        InputMediaPhoto first = new InputMediaPhoto(new ByteArrayInputStream(one), "one.jpg");
        first.setCaption("album");
        InputMediaPhoto second = new InputMediaPhoto(new ByteArrayInputStream(two), "two.jpg");
        ArrayList<Message> album = run(api.execute(SendMediaGroup.builder().chatId(CHAT).media(first).media(second)
                .build()));
        assertEquals(2, album.size());
        assertEquals(album.get(0).getMediaGroupId(), album.get(1).getMediaGroupId());
        assertArrayEquals(one, stored(album.get(0).getPhoto().get(0).getFileId()));
        assertArrayEquals(two, stored(album.get(1).getPhoto().get(0).getFileId()));
    }

    @Test
    void aFileIdGoesAsJsonWithoutUpload() {
        Message photo = run(api.execute(SendPhoto.builder().chatId(CHAT)
                .photo(new InputFile("https://example.org/cat.jpg")).build()));
        assertFalse(photo.getPhoto().isEmpty());
        JsonObject call = emulator.calls().stream().filter(c -> c.getString("method").equals("sendphoto"))
                .findFirst().orElseThrow();
        assertFalse(call.containsKey("files"), "nothing uploaded");
        assertEquals("https://example.org/cat.jpg", call.getJsonObject("params").getString("photo"));
    }

    @Test
    void anAlbumOfFileIdsGoesAsJsonUnderTheBotApiNames() {
        ArrayList<Message> album = run(api.execute(SendMediaGroup.builder().chatId(CHAT)
                .media(new InputMediaPhoto("https://example.org/1.jpg"))
                .media(new InputMediaPhoto("https://example.org/2.jpg")).build()));
        assertEquals(2, album.size());
        JsonObject call = emulator.calls().stream().filter(c -> c.getString("method").equals("sendmediagroup"))
                .findFirst().orElseThrow();
        assertFalse(call.containsKey("files"), "nothing uploaded");
        assertEquals(2, call.getJsonObject("params").getJsonArray("media").size(), "'media', not the Java 'medias'");
        assertFalse(call.getJsonObject("params").containsKey("file_field"), "no derived getters as parameters");
    }

    @Test
    void a429OnEditMessageTextIsWaitedOutAndRetried() {
        Message sent = run(api.execute(SendMessage.builder().chatId(CHAT).text("to edit").build()));
        int before = emulator.callCount("editMessageText");
        emulator.addFault(Fault.tooManyRequests("editMessageText", 1, 1));
        long start = System.nanoTime();
        Serializable edited = run(api.execute(EditMessageText.builder().chatId(CHAT).messageId(sent.getMessageId())
                .text("edited after the 429").build()));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals("edited after the 429", ((Message) edited).getText());
        assertEquals(2, emulator.callCount("editMessageText") - before, "one 429, one success");
        assertTrue(waitedMs >= 900, "waited retry_after=1 s, took " + waitedMs + " ms");
    }

    @Test
    void a400ReachesTheCallerWithTelegramsWordsAndIsNotRetried() {
        int before = emulator.callCount("sendMessage");
        TelegramApiException e = assertThrows(TelegramApiException.class,
                () -> run(api.execute(SendMessage.builder().chatId("not-a-chat").text("x").build())));
        assertEquals(400, e.errorCode());
        assertEquals("sendMessage", e.method());
        assertEquals("Bad Request: chat not found", e.description());
        assertEquals(TelegramApiException.Kind.REJECTED, e.kind());
        assertEquals(1, emulator.callCount("sendMessage") - before, "a 400 is never retried");
    }

    @Test
    void anUnknownMethodIs404MethodNotFound() {
        TelegramApiException e = assertThrows(TelegramApiException.class,
                () -> run(api.execute(new org.telegram.telegrambots.meta.api.methods.stories.DeleteStory(
                        "business-1", 5))));
        assertEquals(404, e.errorCode());
        assertEquals("Not Found: method not found", e.description());
    }

    private byte[] stored(String fileId) {
        try {
            Path path = emulator.uploadedFile(fileId);
            assertTrue(path != null, "the emulator stored the upload " + fileId);
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertArrayEquals(byte[] expected, byte[] actual) {
        assertEquals(sha256(expected), sha256(actual), "bytes arrive intact (" + expected.length + " bytes)");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
