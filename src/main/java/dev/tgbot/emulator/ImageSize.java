package dev.tgbot.emulator;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The type and pixel size of an uploaded picture, read from its header: PNG ({@code IHDR}), GIF (the logical screen) and JPEG
 * (the first {@code SOFn} segment). Not {@code javax.imageio}: it would pull AWT into a native image for a dev tool.
 */
final class ImageSize {

    private static final int JPEG_SCAN = 256 * 1024;

    private ImageSize() {
    }

    /**
     * @param file the picture
     * @return {@code {width, height}} in pixels, or null for another format (WebP) or no picture
     */
    static int[] of(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] head = in.readNBytes(24);
            if (head.length >= 24 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
                return new int[] { int32(head, 16), int32(head, 20) };
            }
            if (head.length >= 10 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F') {
                return new int[] { (head[6] & 0xFF) | (head[7] & 0xFF) << 8, (head[8] & 0xFF) | (head[9] & 0xFF) << 8 };
            }
            if (head.length >= 4 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
                // the frame header follows the metadata segments (EXIF at most 64 KiB each): the first 256 KiB do
                byte[] start = new byte[JPEG_SCAN];
                System.arraycopy(head, 0, start, 0, head.length);
                int n = head.length + in.readNBytes(start, head.length, JPEG_SCAN - head.length);
                return jpeg(java.util.Arrays.copyOf(start, n));
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int[] jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xFF;
            int length = (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                int height = (b[i + 5] & 0xFF) << 8 | (b[i + 6] & 0xFF);
                int width = (b[i + 7] & 0xFF) << 8 | (b[i + 8] & 0xFF);
                return new int[] { width, height };
            }
            i += 2 + length;
        }
        return null;
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /**
     * @return {@code {width, height}} scaled down to at most {@code max} pixels a side, keeping the aspect ratio;
     *         unchanged when it fits already
     */
    static int[] fit(int width, int height, int max) {
        int longest = Math.max(width, height);
        if (longest <= max || longest <= 0) {
            return new int[] { width, height };
        }
        return new int[] { Math.max(1, Math.round(width * (float) max / longest)),
                Math.max(1, Math.round(height * (float) max / longest)) };
    }

    /** @return the image type from the first bytes (uploads are stored without a file name extension) */
    static String contentType(Path file) {
        byte[] head = new byte[12];
        try (var in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n >= 8 && head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
                return "image/png";
            }
            if (n >= 3 && head[0] == (byte) 0xFF && head[1] == (byte) 0xD8 && head[2] == (byte) 0xFF) {
                return "image/jpeg";
            }
            if (n >= 6 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F') {
                return "image/gif";
            }
            if (n >= 12 && head[0] == 'R' && head[1] == 'I' && head[8] == 'W' && head[9] == 'E') {
                return "image/webp";
            }
        } catch (IOException e) {
            return "application/octet-stream";
        }
        return "application/octet-stream";
    }
}
