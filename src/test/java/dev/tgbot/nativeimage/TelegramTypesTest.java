package dev.tgbot.nativeimage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The native-image registration covers the whole library, read from its jar: types, methods, builders, serializers. */
class TelegramTypesTest {

    @Test
    void listsEveryClassOfTheLibraryAndEachLoads() throws ClassNotFoundException {
        List<String> names = TelegramTypes.classNames();
        assertTrue(names.size() > 1000, "all of telegrambots-meta, found " + names.size());
        for (String expected : List.of("org.telegram.telegrambots.meta.api.objects.Update",
                "org.telegram.telegrambots.meta.api.objects.message.Message",
                "org.telegram.telegrambots.meta.api.methods.send.SendPhoto",
                "org.telegram.telegrambots.meta.api.methods.send.SendPhoto$SendPhotoBuilder",
                "org.telegram.telegrambots.meta.api.objects.media.InputMediaPhoto",
                "org.telegram.telegrambots.meta.api.objects.InputFileSerializer",
                "org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup")) {
            assertTrue(names.contains(expected), expected);
        }
        for (String name : names) {
            Class.forName(name, false, getClass().getClassLoader());
        }
    }
}
