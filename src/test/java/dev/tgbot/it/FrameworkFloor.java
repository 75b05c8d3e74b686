package dev.tgbot.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tgbot.support.Await;
import dev.tgbot.support.FreePort;

/**
 * Quarkus without the bot, the floor under {@link ColdStartBenchmark}'s start figure ({@code -Dbench.floor=true}):
 * throw-away applications built with this project's Quarkus version, packaged and archived the way the service is
 * (uber-jar, an AppCDS archive from a training run), started with the same JVM options, that do only what the start
 * is measured by: in their StartupEvent, getMe and then getUpdates to the emulator over a plain Vert.x HTTP client.
 * Written into {@code target/framework-floor/} and built with {@code mvn} from the PATH (the artifacts are the
 * service's own, so a machine that built the service has them).
 */
final class FrameworkFloor {

    /**
     * One throw-away application: a name for the report, a directory name, the extensions besides quarkus-rest, and
     * lines for its application.properties besides {@link #PROPERTIES}.
     */
    record Variant(String name, String id, List<String> extensions, String properties) {
        Variant(String name, String id, List<String> extensions) {
            this(name, id, extensions, "");
        }

        Path dir() {
            return Path.of("target", "framework-floor", id).toAbsolutePath();
        }

        Path jar() {
            return dir().resolve("target").resolve("floor-runner.jar");
        }

        Path archive() {
            return dir().resolve("target").resolve("app-cds.jsa");
        }

        /** @return the JDK 25 AOT cache of {@link #makeAotCache} */
        Path aotCache() {
            return dir().resolve("target").resolve("app.aot");
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("Quarkus without the bot: quarkus-rest only", "rest", List.of()),
            new Variant("Quarkus without the bot: the design card's stack (rest, rest-jackson, rest-client-jackson, "
                    + "fault tolerance, health, Micrometer Prometheus)", "stack", List.of("quarkus-rest-jackson",
                            "quarkus-rest-client-jackson", "quarkus-smallrye-fault-tolerance",
                            "quarkus-smallrye-health", "quarkus-micrometer-registry-prometheus")),
            // What the service itself runs on, with its settings for them: the extensions of pom.xml and the quarkus.*
            // lines of application.properties (JVM and system metrics bound after the first getUpdates, so not here;
            // fault tolerance metrics off; the datasource inactive; no Dev Services), read from the service's own
            // files, so that they cannot drift apart. The difference between this line and the service's is the bot.
            serviceExtensions());

    /** @return the variant of the service's own extensions and settings, from pom.xml and application.properties */
    static Variant serviceExtensions() {
        try {
            List<String> extensions = new ArrayList<>();
            Matcher dependency = Pattern.compile("<dependency>\\s*<groupId>io\\.quarkus</groupId>\\s*<artifactId>"
                    + "(quarkus-[a-z0-9-]+)</artifactId>\\s*(<scope>([a-z]+)</scope>)?")
                    .matcher(Files.readString(Path.of("pom.xml")));
            while (dependency.find()) {
                String artifact = dependency.group(1);
                boolean base = artifact.equals("quarkus-rest") || artifact.equals("quarkus-arc");
                if (dependency.group(3) == null && !base) {
                    extensions.add(artifact);
                }
            }
            StringBuilder properties = new StringBuilder();
            for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
                if (line.startsWith("quarkus.") && !line.startsWith("quarkus.package.")
                        && !line.startsWith("quarkus.native.")) {
                    properties.append(line).append('\n');
                }
            }
            return new Variant("Quarkus without the bot: the service's extensions and their settings (rest, "
                    + String.join(", ", extensions.stream().map(e -> e.substring("quarkus-".length())).toList()) + ")",
                    "extensions", List.copyOf(extensions), properties.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service's pom.xml or application.properties", e);
        }
    }

    private static final String POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>floor</groupId>
              <artifactId>floor</artifactId>
              <version>1</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencyManagement>
                <dependencies>
                  <dependency>
                    <groupId>io.quarkus</groupId>
                    <artifactId>quarkus-bom</artifactId>
                    <version>@QUARKUS@</version>
                    <type>pom</type>
                    <scope>import</scope>
                  </dependency>
                </dependencies>
              </dependencyManagement>
              <dependencies>
                <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-rest</artifactId></dependency>
            @EXTENSIONS@  </dependencies>
              <build>
                <finalName>floor</finalName>
                <pluginManagement>
                  <plugins>
                    <plugin><artifactId>maven-clean-plugin</artifactId><version>3.4.1</version></plugin>
                    <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                    <plugin><artifactId>maven-install-plugin</artifactId><version>3.1.4</version></plugin>
                    <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.3</version></plugin>
                    <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                  </plugins>
                </pluginManagement>
                <plugins>
                  <plugin>
                    <groupId>io.quarkus</groupId>
                    <artifactId>quarkus-maven-plugin</artifactId>
                    <version>@QUARKUS@</version>
                    <extensions>true</extensions>
                    <executions><execution><goals><goal>build</goal></goals></execution></executions>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    private static final String APP = """
            package floor;

            import java.net.URI;

            import org.eclipse.microprofile.config.inject.ConfigProperty;

            import io.quarkus.runtime.StartupEvent;
            import io.vertx.core.Vertx;
            import io.vertx.core.buffer.Buffer;
            import io.vertx.core.http.HttpClient;
            import io.vertx.core.http.HttpMethod;
            import io.vertx.core.http.RequestOptions;
            import jakarta.enterprise.event.Observes;
            import jakarta.inject.Singleton;

            /** getMe, then getUpdates: the two calls the service makes before it polls (getWebhookInfo aside). */
            @Singleton
            public class FirstPoll {
                void onStart(@Observes StartupEvent event, Vertx vertx, @ConfigProperty(name = "floor.api-url") URI api,
                        @ConfigProperty(name = "floor.token") String token) {
                    HttpClient client = vertx.createHttpClient();
                    RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost(api.getHost())
                            .setPort(api.getPort()).putHeader("Content-Type", "application/json");
                    String base = "/bot" + token + "/";
                    client.request(new RequestOptions(post).setURI(base + "getMe"))
                            .compose(request -> request.send(Buffer.buffer("{}"))).compose(response -> response.body())
                            .compose(me -> client.request(new RequestOptions(post).setURI(base + "getUpdates")))
                            .compose(request -> request.send(Buffer.buffer("{\\"timeout\\":30}")));
                }
            }
            """;

    private static final String PROPERTIES = """
            quarkus.package.jar.type=uber-jar
            quarkus.package.jar.user-configured-ignored-entries=application.properties
            quarkus.banner.enabled=false
            """;

    private FrameworkFloor() {
    }

    /**
     * Writes and packages every variant ({@code mvn -B -q package -DskipTests}).
     *
     * @return null when all are built, else why not (no mvn, a failed build with its output)
     */
    static String build() {
        try {
            String quarkus = quarkusVersion();
            for (Variant v : VARIANTS) {
                Path src = v.dir().resolve("src/main/java/floor");
                Files.createDirectories(src);
                Files.createDirectories(v.dir().resolve("src/main/resources"));
                StringBuilder extensions = new StringBuilder();
                for (String e : v.extensions()) {
                    extensions.append("    <dependency><groupId>io.quarkus</groupId><artifactId>").append(e)
                            .append("</artifactId></dependency>\n");
                }
                Files.writeString(v.dir().resolve("pom.xml"),
                        POM.replace("@QUARKUS@", quarkus).replace("@EXTENSIONS@", extensions));
                Files.writeString(src.resolve("FirstPoll.java"), APP);
                Files.writeString(v.dir().resolve("src/main/resources/application.properties"),
                        PROPERTIES + v.properties());
                Process mvn = new ProcessBuilder("mvn", "-B", "-q", "package", "-DskipTests").directory(v.dir().toFile())
                        .redirectErrorStream(true).start();
                String out = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0 || !Files.exists(v.jar())) {
                    return "mvn package of " + v.dir() + " failed: " + out;
                }
            }
            return null;
        } catch (IOException e) {
            return "mvn is not available: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** @return this project's Quarkus platform version, from its pom.xml */
    static String quarkusVersion() throws IOException {
        Matcher m = Pattern.compile("<quarkus.platform.version>([^<]+)</quarkus.platform.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        if (!m.find()) {
            throw new IOException("no quarkus.platform.version in pom.xml");
        }
        return m.group(1);
    }

    /**
     * Makes a variant's AppCDS archive like {@code docker/app-cds.sh} does the service's, with a shorter training: the
     * application starts with {@code -XX:ArchiveClassesAtExit}, makes its getMe and getUpdates, and is stopped with
     * SIGTERM.
     *
     * @param getUpdatesCalls how many getUpdates the emulator has seen so far
     */
    static void makeAppCds(Variant v, List<String> jvm, URI api, String token, IntSupplier getUpdatesCalls)
            throws Exception {
        train(v, ServiceProcess.thisJava(), jvm, "-XX:ArchiveClassesAtExit=", v.archive(), api, token, getUpdatesCalls);
    }

    /**
     * Makes a variant's JDK 25 AOT cache the same way ({@code -XX:AOTCacheOutput}, JEP 514), for the JDK 25 recipe.
     *
     * @param java the JDK 25 {@code java} binary
     * @param jvm the JDK 25 recipe's options, without the cache
     */
    static void makeAotCache(Variant v, Path java, List<String> jvm, URI api, String token,
            IntSupplier getUpdatesCalls) throws Exception {
        train(v, java, jvm, "-XX:AOTCacheOutput=", v.aotCache(), api, token, getUpdatesCalls);
    }

    private static void train(Variant v, Path java, List<String> jvm, String dumpOption, Path archive, URI api,
            String token, IntSupplier getUpdatesCalls) throws Exception {
        Files.deleteIfExists(archive);
        List<String> options = new ArrayList<>(jvm);
        options.add(dumpOption + archive);
        int before = getUpdatesCalls.getAsInt();
        Process p = start(v, java, options, api, token);
        try {
            Await.until(v.id() + "'s first getUpdates", Duration.ofSeconds(60),
                    () -> getUpdatesCalls.getAsInt() > before);
            Thread.sleep(1000);
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (!Files.exists(archive)) {
            throw new AssertionError("no " + archive.getFileName() + " was written for " + v.dir());
        }
    }

    /**
     * Starts a variant with this {@code java} and these JVM options against the emulator at {@code api}; its output is
     * discarded.
     */
    static Process start(Variant v, Path java, List<String> jvm, URI api, String token) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvm);
        command.add("-Dfloor.api-url=" + api);
        command.add("-Dfloor.token=" + token);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + FreePort.find());
        command.add("-jar");
        command.add(v.jar().toString());
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
