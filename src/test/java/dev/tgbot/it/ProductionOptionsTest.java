package dev.tgbot.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The JVM options the tests and the benchmark run the packaged service with ({@link ServiceProcess}) are the ones
 * README's production commands and the Dockerfiles give, so that what is measured is what a user deploys.
 */
class ProductionOptionsTest {

    @Test
    void theJdk25RecipeIsTheSameInReadmeTheDockerfileAndTheTests() throws IOException {
        String image = Files.readString(Path.of("docker/Dockerfile.jvm"));
        assertEverywhere(ServiceProcess.PRODUCTION_JVM_25, readmeJvm("# or JDK 25", "java $JVM"), image);
        // the cache is trained under the options it is used with (as the benchmark trains it)
        String training = line(image, "RUN JAVA_OPTS=");
        for (String option : ServiceProcess.PRODUCTION_JVM_25) {
            if (!option.equals("-XX:+ExitOnOutOfMemoryError")) {
                assertTrue(training.contains(option), "docker/Dockerfile.jvm trains the cache without " + option);
            }
        }
    }

    @Test
    void theJdk17RecipeIsTheSameInReadmeTheDockerfileAndTheTests() throws IOException {
        assertEverywhere(ServiceProcess.PRODUCTION_JVM, readmeJvm("# JDK 17 (and later)", "# or JDK 25"),
                Files.readString(Path.of("docker/Dockerfile.jvm-17")));
    }

    /**
     * @return the {@code JVM="..."} options of README's production commands, in the part from {@code from} to
     *         {@code to}
     */
    private static String readmeJvm(String from, String to) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(from);
        assertTrue(start >= 0, "README has no '" + from + "'");
        String part = readme.substring(start, readme.indexOf(to, start));
        int jvm = part.indexOf("JVM=\"");
        assertTrue(jvm >= 0, "README sets no JVM=\"...\" after '" + from + "'");
        return part.substring(jvm, part.indexOf('"', jvm + 5));
    }

    private static String line(String text, String start) {
        int at = text.indexOf(start);
        assertTrue(at >= 0, "no line starting with " + start);
        return text.substring(at, text.indexOf('\n', at));
    }

    private static void assertEverywhere(List<String> options, String readmeCommand, String image) {
        String runOptions = line(image, "ENV JAVA_OPTS_APPEND=");
        for (String option : options) {
            if (option.startsWith("-XX:MaxRAM=")) {
                continue; // the container's memory gives it there; the tests set it for a 512 MB container
            }
            assertTrue(readmeCommand.contains(option), "README's production command lacks " + option);
            // the image's GC comes from GC_CONTAINER_OPTIONS, the rest from JAVA_OPTS_APPEND
            assertTrue(option.equals("-XX:+UseSerialGC") ? image.contains("GC_CONTAINER_OPTIONS=\"-XX:+UseSerialGC\"")
                    : runOptions.contains(option), "the Dockerfile does not run the service with " + option);
        }
    }
}
