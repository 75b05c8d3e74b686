package dev.tgbot.nativeimage;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native image: registers every class of telegrambots-meta ({@link TelegramTypes#classNames()}, read from the jar
 * while the image is built) with all its constructors, methods and fields for reflection, so that Jackson can read
 * and write every Bot API type and method object, not only those this service names (TelegramBots users hit the
 * missing registrations: TelegramBots #1186, Quarkus #26613). Enabled by
 * {@code quarkus.native.additional-build-args=--features=dev.tgbot.nativeimage.TelegramTypesFeature}; runs only
 * inside the native-image builder.
 */
public final class TelegramTypesFeature implements Feature {

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        for (String name : TelegramTypes.classNames()) {
            Class<?> type = access.findClassByName(name);
            if (type == null) {
                continue;
            }
            RuntimeReflection.register(type);
            RuntimeReflection.register(type.getDeclaredConstructors());
            RuntimeReflection.register(type.getDeclaredMethods());
            RuntimeReflection.register(type.getDeclaredFields());
        }
    }

    @Override
    public String getDescription() {
        return "registers every telegrambots-meta class for reflection (Jackson)";
    }
}
