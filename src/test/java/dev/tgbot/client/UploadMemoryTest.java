package dev.tgbot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.message.Message;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.support.EmulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Uploads are streamed, never held whole in memory. This class runs in a surefire execution of its own with a
 * 128 MB heap (pom.xml, {@code upload-memory-tests}), the application and the emulator included: a 40 MB file and a
 * 40 MB stream are uploaded one after the other, and buffering either whole (the bytes, plus the copy an HTTP body
 * would make) would not fit beside the running application. The bytes must arrive intact.
 */
@QuarkusTest
@WithTestResource(EmulatorResource.class)
class UploadMemoryTest {

    static final int SIZE = 40 * 1024 * 1024;

    @Inject
    BotApiClient api;

    @Test
    void aFortyMegabyteFileAndStreamGoOutStreamedAndIntact() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 160L * 1024 * 1024, "runs with a small heap (upload-memory-tests), has " + maxHeap);
        BotApiEmulator emulator = EmulatorResource.emulator();

        Path file = Files.createTempFile("upload-memory-", ".bin");
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file); InputStream in = new DigestInputStream(random(SIZE),
                written)) {
            in.transferTo(out);
        }
        Message fromFile = api.execute(SendDocument.builder().chatId(1L).document(new InputFile(file.toFile()))
                .build()).await().atMost(Duration.ofSeconds(60));
        assertEquals(HexFormat.of().formatHex(written.digest()), sha256(emulator.uploadedFile(
                fromFile.getDocument().getFileId())), "the file arrived intact");
        Files.delete(file);

        MessageDigest streamed = MessageDigest.getInstance("SHA-256");
        Message fromStream = api.execute(SendDocument.builder().chatId(1L).document(new InputFile(
                new DigestInputStream(random(SIZE), streamed), "stream.bin")).build())
                .await().atMost(Duration.ofSeconds(60));
        assertEquals((long) SIZE, fromStream.getDocument().getFileSize());
        assertEquals(HexFormat.of().formatHex(streamed.digest()), sha256(emulator.uploadedFile(
                fromStream.getDocument().getFileId())), "the stream arrived intact");
    }

    /** {@code size} pseudo-random bytes, produced as they are read (never in memory as a whole). */
    static InputStream random(int size) {
        Random random = new Random(42);
        return new InputStream() {
            int left = size;

            @Override
            public int read() {
                return left-- > 0 ? random.nextInt(256) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = Math.min(len, left);
                byte[] chunk = new byte[n];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, b, off, n);
                left -= n;
                return n;
            }
        };
    }

    static String sha256(Path path) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
