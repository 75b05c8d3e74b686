package dev.tgbot.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.tgbot.support.FreePort;

/**
 * The packaged service ({@code target/telegram-bot-service-runner.jar}) as a child process, with its output captured.
 * Every instance talks only to an emulator on loopback and is killed at {@link #close()} at the latest.
 */
final class ServiceProcess implements AutoCloseable {

    static final String TOKEN = "123456:TEST-fake-token-for-tests-only";
    static final Path JAR = Path.of("target", "telegram-bot-service-runner.jar");
    /** The bot these tests expect, pinned with {@code bot.handler} unless a test names another. */
    static final String EXAMPLE_BOT = "dev.tgbot.handler.ExampleBot";
    /** The AppCDS archive {@code docker/app-cds.sh} writes for {@link #JAR} (the benchmark makes it). */
    static final Path APP_CDS = Path.of("target", "app-cds.jsa");
    /**
     * README's JDK 17 production JVM options (also in docker/Dockerfile.jvm-17), with {@code -XX:MaxRAM=512m}: what a 512 MB
     * container gives the JVM.
     */
    static final List<String> PRODUCTION_JVM = List.of("-XX:MaxRAM=512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
    /** README's JDK 25 options (also in docker/Dockerfile.jvm), without the AOT cache, under {@code -XX:MaxRAM=512m}. */
    static final List<String> PRODUCTION_JVM_25 = List.of("-XX:MaxRAM=512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:NewSize=8m", "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining",
            "-XX:+ExitOnOutOfMemoryError");
    /** The JDK 25 AOT cache {@code docker/app-cds.sh} writes for {@link #JAR} (the benchmark makes it). */
    static final Path AOT_CACHE = Path.of("target", "app.aot");

    /**
     * Makes an AppCDS archive for {@link #JAR} with README's recipe, {@code docker/app-cds.sh} (a training run against
     * the service's own emulator on loopback), run by this JVM's {@code java}.
     *
     * @param archive where to write it
     * @param updates the training backlog (text messages)
     * @return the script's output
     * @throws AssertionError with that output when the script fails or takes longer than 5 minutes
     */
    static String makeAppCds(Path archive, int updates) {
        return makeAppCds(thisJava(), List.of(), archive, updates);
    }

    /** @return the {@code java} binary of the JVM that runs the tests (JDK 17) */
    static Path thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Makes a class archive for {@link #JAR} with {@code docker/app-cds.sh}: an AppCDS archive for a name ending in
     * {@code .jsa}, a JDK 25 AOT cache for one ending in {@code .aot}.
     *
     * @param java the {@code java} binary of the JVM that will use it
     * @param jvmOptions the training run's JVM options (the production ones: a cache wants the same GC)
     * @param archive where to write it
     * @param updates the training backlog (text messages)
     * @return the script's output
     * @throws AssertionError with that output when the script fails or takes longer than 5 minutes
     */
    static String makeAppCds(Path java, List<String> jvmOptions, Path archive, int updates) {
        return makeAppCds(JAR, java, jvmOptions, archive, updates);
    }

    /**
     * Makes a class archive for {@code jar} with {@code docker/app-cds.sh}, as {@link #makeAppCds(Path, List, Path,
     * int)} does for {@link #JAR}.
     *
     * @param jar the uber-jar to train
     * @param java the {@code java} binary
     * @param jvmOptions the training run's JVM options
     * @param archive where to write it
     * @param updates the training backlog (text messages)
     * @return the script's output
     * @throws AssertionError with that output when the script fails or takes longer than 5 minutes
     */
    static String makeAppCds(Path jar, Path java, List<String> jvmOptions, Path archive, int updates) {
        try {
            Path log = Files.createTempFile(Path.of("target").toAbsolutePath(), "app-cds-", ".log");
            ProcessBuilder builder = new ProcessBuilder("sh", "docker/app-cds.sh", jar.toString(), archive.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA", java.toString());
            builder.environment().put("JAVA_OPTS", String.join(" ", jvmOptions));
            builder.environment().put("APP_CDS_PORT", String.valueOf(FreePort.find()));
            builder.environment().put("APP_CDS_UPDATES", String.valueOf(updates));
            Process p = builder.start();
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            if (!done) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            Files.delete(log);
            if (!done || p.exitValue() != 0) {
                throw new AssertionError("docker/app-cds.sh failed (" + (done ? "exit " + p.exitValue() : "timeout")
                        + "):\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The JDK 25 of these machines (Temurin's), or the one {@code -Dbench.jdk25} names (a JDK home).
     *
     * @return its {@code java} binary, or null when there is none
     */
    static Path jdk25() {
        Path home = Path.of(System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path java = home.resolve("bin").resolve("java");
        return Files.isExecutable(java) ? java : null;
    }

    /** @return {@link #PRODUCTION_JVM}, with the AppCDS archive {@link #APP_CDS} when it exists */
    static List<String> productionJvm() {
        List<String> options = new ArrayList<>(PRODUCTION_JVM);
        if (Files.exists(APP_CDS)) {
            options.add("-XX:SharedArchiveFile=" + APP_CDS.toAbsolutePath());
        }
        return options;
    }

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private ServiceProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "service-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param apiUrl the emulator's URL
     * @param lockDir the lock directory
     * @param properties further system properties
     * @return the started process (not yet ready)
     */
    static ServiceProcess start(String apiUrl, Path lockDir, Map<String, String> properties) {
        return start(apiUrl, lockDir, properties, List.of("-Xmx256m"));
    }

    /**
     * @param apiUrl the emulator's URL
     * @param lockDir the lock directory
     * @param properties further system properties
     * @param jvmOptions JVM options such as {@code -XX:MaxRAM=512m} (what a 512 MB container gives the JVM)
     * @return the started process (not yet ready)
     */
    static ServiceProcess start(String apiUrl, Path lockDir, Map<String, String> properties, List<String> jvmOptions) {
        return start(apiUrl, lockDir, properties, jvmOptions, false);
    }

    /**
     * @param apiUrl the emulator's URL
     * @param lockDir the lock directory
     * @param properties further system properties
     * @param jvmOptions JVM options; a first one of the form {@code java=PATH} names the {@code java} binary to run
     *        (by default this JVM's)
     * @param tokenFromEnvironment true: the token as {@code TELEGRAM_BOT_TOKEN}, as README's run command gives it;
     *        false: as {@code -Dbot.token}
     * @return the started process (not yet ready)
     */
    static ServiceProcess start(String apiUrl, Path lockDir, Map<String, String> properties, List<String> jvmOptions,
            boolean tokenFromEnvironment) {
        return start(JAR, apiUrl, lockDir, properties, jvmOptions, tokenFromEnvironment, true);
    }

    /**
     * @param jar the uber-jar to run
     * @param apiUrl the emulator's URL
     * @param lockDir the lock directory
     * @param properties further system properties
     * @param jvmOptions JVM options, as for {@link #start(String, Path, Map, List, boolean)}
     * @param tokenFromEnvironment the token as {@code TELEGRAM_BOT_TOKEN} (true) or {@code -Dbot.token} (false)
     * @param pinExample pin {@link #EXAMPLE_BOT} unless {@code properties} name a {@code bot.handler}; false: the
     *        jar's own choice of bot
     * @return the started process (not yet ready)
     */
    static ServiceProcess start(Path jar, String apiUrl, Path lockDir, Map<String, String> properties,
            List<String> jvmOptions, boolean tokenFromEnvironment, boolean pinExample) {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after mvn package");
        }
        List<String> command = new ArrayList<>();
        if (!jvmOptions.isEmpty() && jvmOptions.get(0).startsWith("java=")) {
            command.add(jvmOptions.get(0).substring("java=".length()));
            command.addAll(jvmOptions.subList(1, jvmOptions.size()));
        } else {
            command.add(thisJava().toString());
            command.addAll(jvmOptions);
        }
        if (!tokenFromEnvironment) {
            command.add("-Dbot.token=" + TOKEN);
        }
        command.add("-Dbot.api-url=" + apiUrl);
        command.add("-Dbot.lock.dir=" + lockDir.toAbsolutePath());
        command.add("-Dquarkus.http.port=0");
        if (pinExample && !properties.containsKey("bot.handler")) {
            // the example, whatever bot the application has: these tests pin it (README, "Your bot and the tests")
            command.add("-Dbot.handler=" + EXAMPLE_BOT);
        }
        if (!properties.containsKey("bot.pacing.enabled")) {
            // the throughput and handover figures are taken without Telegram's pacing (30 sends/s, ~1/s per chat): the
            // emulator does not punish here, and LeaseIT feeds one chat several messages a second (README, "Limits")
            command.add("-Dbot.pacing.enabled=false");
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().remove("TELEGRAM_BOT_TOKEN");
            if (tokenFromEnvironment) {
                builder.environment().put("TELEGRAM_BOT_TOKEN", TOKEN);
            }
            return new ServiceProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return everything the process printed so far */
    String output() {
        return output.toString();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * @param text a substring of a log line
     * @param timeout the longest wait
     * @throws AssertionError with the output when it does not appear
     */
    void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output.toString().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within " + timeout.toSeconds() + " s; output:\n" + output);
            }
            if (!process.isAlive() && !output.toString().contains(text)) {
                sleep(200);
                if (!output.toString().contains(text)) {
                    throw new AssertionError("process exited (" + process.exitValue() + ") without '" + text
                            + "'; output:\n" + output);
                }
            }
            sleep(20);
        }
    }

    /** @return the exit code; AssertionError with the output if the process is still alive after {@code timeout} */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + timeout.toSeconds() + " s; output:\n" + output);
            }
            reader.join(2000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends SIGTERM, as a platform does before it stops a container. */
    void terminate() {
        // Process.destroy() would also close our end of the output pipe and lose the shutdown log.
        process.toHandle().destroy();
    }

    /** Sends SIGKILL: no shutdown at all, as a crash or an out-of-memory kill. */
    void kill() {
        process.toHandle().destroyForcibly();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (output.toString().contains(TOKEN.substring(TOKEN.indexOf(':') + 1))) {
            throw new AssertionError("the bot token appeared in the output:\n" + output);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
