package dev.tgbot.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.tgbot.emulator.BotApiEmulator;
import dev.tgbot.emulator.EmulatorOptions;
import io.vertx.core.Vertx;

/** A fresh emulator on loopback and a fresh lock directory for each integration test. */
final class EmulatorExtension implements BeforeEachCallback, AfterEachCallback {

    Vertx vertx;
    BotApiEmulator emulator;
    Path lockDir;

    @Override
    public void beforeEach(ExtensionContext context) {
        vertx = Vertx.vertx();
        emulator = BotApiEmulator.start(vertx, ServiceProcess.TOKEN, EmulatorOptions.local().withRetryDelayScale(0.05), 0);
        try {
            lockDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-locks-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        emulator.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    ServiceProcess start(String... properties) {
        java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            props.put(properties[i], properties[i + 1]);
        }
        return ServiceProcess.start(emulator.url(), lockDir, props);
    }
}
