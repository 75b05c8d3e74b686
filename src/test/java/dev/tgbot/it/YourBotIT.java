package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tgbot.docs.ReadmeSnippetsTest;
import dev.tgbot.support.Await;

/**
 * README "Write your bot", done as a user does it: a copy of this project with a bot of its own in
 * {@code src/main/java} (routes, and an {@code UpdateHandler} for the rest) and the example left where it is.
 * {@code mvn package} passes (every test of the project runs against the copy, with the user's bot in it), the jar
 * runs the user's bot (its command answered, text not echoed, the "/" menu only its own), and {@code docker/app-cds.sh}
 * trains the class archive although the bot does not answer text.
 */
class YourBotIT {

    /** What the routes leave goes to the application's UpdateHandler, which only counts it here. */
    static final String THE_REST = """
            package my.bot;

            import java.util.concurrent.atomic.AtomicLong;

            import jakarta.enterprise.context.ApplicationScoped;

            import org.jboss.logging.Logger;
            import org.telegram.telegrambots.meta.api.objects.Update;

            import dev.tgbot.handler.UpdateHandler;
            import io.smallrye.mutiny.Uni;

            @ApplicationScoped
            public class TheRest implements UpdateHandler {

                private static final Logger LOG = Logger.getLogger(TheRest.class);
                private final AtomicLong seen = new AtomicLong();

                @Override
                public Uni<Void> handle(Update update) {
                    LOG.infof("not a route's: update %d (%d so far)", update.getUpdateId(), seen.incrementAndGet());
                    return Uni.createFrom().voidItem();
                }
            }
            """;

    @RegisterExtension
    final EmulatorExtension env = new EmulatorExtension();

    @Test
    void aProjectWithItsOwnBotPackagesRunsThatBotAndTrainsItsClassArchive() throws Exception {
        Path copy = Path.of("target", "your-bot").toAbsolutePath();
        deleteTree(copy);
        for (String top : List.of("pom.xml", "README.md", ".env.example", "src", "docker")) {
            copyTree(Path.of(top).toAbsolutePath(), copy.resolve(top));
        }
        Path bot = copy.resolve("src/main/java/my/bot");
        Files.createDirectories(bot);
        Files.writeString(bot.resolve("TimeBot.java"), ReadmeSnippetsTest.snippet("TimeBot")); // README's own
        Files.writeString(bot.resolve("TheRest.java"), THE_REST);

        // what a user runs: every test of the project, with this bot in src/main/java
        String build = run(copy, Duration.ofMinutes(20), "mvn", "-o", "-B", "package");
        assertTrue(build.contains("BUILD SUCCESS"), tail(build));
        assertTrue(build.contains("Tests run:") && !build.contains("Tests run: 0,"), tail(build));

        Path jar = copy.resolve("target/telegram-bot-service-runner.jar");
        long chat = 4242;
        try (ServiceProcess service = ServiceProcess.start(jar, env.emulator.url(), env.lockDir, Map.of(),
                List.of("-Xmx256m"), false, false)) {
            Await.until("polling", Duration.ofSeconds(30), env.emulator::longPollWaiting);
            service.awaitOutput("Bot: my.bot.TimeBot (1 route method) and my.bot.TheRest", Duration.ofSeconds(5));
            env.emulator.injectMessage(chat, "hello");
            env.emulator.injectMessage(chat, "/time");
            Await.until("the time", Duration.ofSeconds(10), () -> !env.emulator.sent(chat).isEmpty());
            service.awaitOutput("not a route's: update", Duration.ofSeconds(5));
            Await.until("the \"/\" menu", Duration.ofSeconds(10), () -> !env.emulator.commands().isEmpty());
            Thread.sleep(500);
            List<String> texts = env.emulator.sent(chat).stream().map(m -> m.getString("text")).toList();
            assertEquals(1, texts.size(), "hello is not echoed: " + texts);
            assertTrue(texts.get(0).matches("It is \\d\\d:\\d\\d UTC\\."), texts.get(0));
            assertEquals("time", env.emulator.commands().getJsonObject(0).getString("command"));
            assertEquals(1, env.emulator.commands().size(), "only the bot's own commands: " + env.emulator.commands());
        }

        Path archive = copy.resolve("target/app-cds.jsa");
        String training = ServiceProcess.makeAppCds(jar, ServiceProcess.thisJava(), List.of(), archive,
                300);
        assertTrue(Files.size(archive) > 1_000_000, training);
        assertTrue(training.contains("after 300 updates"), training);
    }

    private static String run(Path dir, Duration timeout, String... command) throws Exception {
        Path log = Files.createTempFile(Path.of("target").toAbsolutePath(), "your-bot-", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took longer than " + timeout + ":\n"
                    + tail(Files.readString(log)));
        }
        String out = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (exit " + p.exitValue() + "):\n" + tail(out));
        }
        return out;
    }

    private static String tail(String text) {
        return text.length() <= 20_000 ? text : "...\n" + text.substring(text.length() - 20_000);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                Files.delete(all.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
