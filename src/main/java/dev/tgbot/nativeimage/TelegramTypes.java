package dev.tgbot.nativeimage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * Every class of telegrambots-meta, listed from its jar: what Jackson reaches by reflection when it reads and writes
 * the Bot API types (the types, the method objects, their Lombok builders, the library's serializers).
 */
public final class TelegramTypes {

    /** The packages whose classes are registered. */
    public static final String PREFIX = "org/telegram/telegrambots/meta/";

    private TelegramTypes() {
    }

    /**
     * @return the binary names of every class in the jar that holds {@link Update}, under {@link #PREFIX}
     * @throws UncheckedIOException when the jar cannot be read
     */
    public static List<String> classNames() {
        try {
            Path jar = Path.of(Update.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> names = new ArrayList<>();
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    String name = entry.getName();
                    if (name.startsWith(PREFIX) && name.endsWith(".class") && !name.endsWith("module-info.class")) {
                        names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes of telegrambots-meta", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
