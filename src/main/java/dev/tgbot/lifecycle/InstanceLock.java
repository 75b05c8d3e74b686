package dev.tgbot.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tgbot.config.BotSettings;

/**
 * One poller per bot per host: an advisory lock on {@code {bot.lock.dir}/telegram-bot-{bot id}.lock}. The file
 * records pid, host and start time of the holder. The operating system drops the lock of a dead process, so a
 * crashed instance never blocks the next one. Released on shutdown, also on dev-mode reload.
 */
@ApplicationScoped
public class InstanceLock {

    private static final Logger LOG = Logger.getLogger(InstanceLock.class);

    private final BotSettings settings;
    private FileChannel channel;
    private FileLock lock;

    InstanceLock(BotSettings settings) {
        this.settings = settings;
    }

    /** @return the lock file of this bot */
    public Path file() {
        String dir = settings.config().lock().dir().orElse(System.getProperty("java.io.tmpdir"));
        return Path.of(dir, "telegram-bot-" + settings.botId() + ".lock");
    }

    /**
     * Takes the lock, waiting up to {@code bot.lock.wait}. Blocks the calling thread: call it off the event loop.
     *
     * @throws LockHeldException when another process still holds it after the wait; names the holder
     * @throws IOException when the lock file cannot be written
     */
    public synchronized void acquire() throws IOException {
        if (lock != null) {
            return;
        }
        Path file = file();
        Files.createDirectories(file.getParent());
        Duration wait = settings.config().lock().waitTime();
        long deadline = System.nanoTime() + wait.toNanos();
        boolean logged = false;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            while (true) {
                FileLock taken = tryLock(ch);
                if (taken != null) {
                    channel = ch;
                    lock = taken;
                    InstanceIdentity self = InstanceIdentity.current();
                    String holder = "pid=" + self.pid() + "\nhost=" + self.host() + "\nstarted=" + self.started()
                            + "\n";
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(true);
                    LOG.debugf("Took the host lock %s", file);
                    return;
                }
                if (!logged) {
                    LOG.warnf("Another instance of this bot polls on this host (%s); waiting up to %d s for it to stop.",
                            describeHolder(file), wait.toSeconds());
                    logged = true;
                }
                if (System.nanoTime() >= deadline) {
                    ch.close();
                    throw new LockHeldException(file, describeHolder(file));
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the host lock", e);
        } catch (IOException | RuntimeException e) {
            if (lock == null) {
                ch.close();
            }
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException heldByThisJvm) {
            return null;
        }
    }

    static String describeHolder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim().replace('\n', ' ');
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    /** Releases the lock if held; idempotent. */
    public synchronized void release() {
        if (lock == null) {
            return;
        }
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.debugf("releasing the host lock: %s", e.getMessage());
        } finally {
            lock = null;
            channel = null;
        }
    }

    /** @return true while this instance holds the lock */
    public synchronized boolean held() {
        return lock != null;
    }

    /** Another live process holds the lock. */
    public static final class LockHeldException extends RuntimeException {
        LockHeldException(Path file, String holder) {
            super("Another instance of this bot is already polling on this host (" + holder + ", lock file " + file
                    + "). Stop it, or run this one with bot.mode=webhook or off.", null, false, false);
        }
    }
}
