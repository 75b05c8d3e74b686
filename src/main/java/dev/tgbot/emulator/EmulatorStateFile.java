package dev.tgbot.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Keeps the emulator's {@link BotApiEmulator#snapshot()} in {@code <dir>/state.json}, as the real Bot API server keeps
 * pending updates (24 hours) and files: written within {@value #SAVE_MS} ms of any change, atomically (a temporary
 * file moved over the old one), and read by the next emulator of a dev-mode live reload or restart.
 * <p>
 * In dev mode an app that has exited still answers on the old router until it is restarted, so a message sent then
 * must reach the file too: the old emulator keeps saving until a newer one has loaded the file. Which one is newest
 * is a system property that outlives the class loaders of reloads.
 */
final class EmulatorStateFile {

    private static final Logger LOG = Logger.getLogger(EmulatorStateFile.class);
    private static final String GENERATION = "dev.tgbot.emulator.generation";
    static final long SAVE_MS = 300;

    private final Path file;
    private final String generation = UUID.randomUUID().toString();
    private Vertx vertx;
    private BotApiEmulator emulator;
    private long timer = -1;
    private long savedChanges = -1;
    private boolean warned;

    /** @param dir the state directory ({@code state.json} in it) */
    EmulatorStateFile(Path dir) {
        this.file = dir.resolve("state.json");
    }

    /** @return where the state is kept */
    Path path() {
        return file;
    }

    /**
     * Makes this the newest owner of the file and reads it.
     *
     * @return the saved snapshot, or null when there is none or it cannot be read (then the emulator starts empty
     *         and a WARN says why)
     */
    synchronized JsonObject claimAndLoad() {
        System.setProperty(GENERATION, generation);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("The emulator's saved state %s cannot be read (%s): starting with an empty one.", file, e);
            return null;
        }
    }

    /** Saves within {@value #SAVE_MS} ms of every change of {@code emulator}, until a newer emulator claims the file. */
    synchronized void keep(Vertx vertx, BotApiEmulator emulator) {
        this.vertx = vertx;
        this.emulator = emulator;
        timer = vertx.setPeriodic(SAVE_MS, id -> vertx.executeBlocking(() -> {
            saveIfChanged();
            return null;
        }, false));
    }

    /** Saves now if anything changed (a reload's last word); keeps saving afterwards until superseded. */
    synchronized void saveIfChanged() {
        if (emulator == null) {
            return;
        }
        if (!generation.equals(System.getProperty(GENERATION))) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            return; // a newer emulator owns the file
        }
        long changes = emulator.changes();
        if (changes == savedChanges) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, emulator.snapshot().encode(), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            savedChanges = changes;
            warned = false;
        } catch (IOException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warnf("The emulator cannot save its state to %s (%s): a restart would start empty.", file, e);
            }
        }
    }
}
