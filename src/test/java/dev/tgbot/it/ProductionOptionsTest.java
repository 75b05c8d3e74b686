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
        assertEverywhere(ServiceProcess.PRODUCTION_JVM_25, "docker/Dockerfile.jvm");
    }

    @Test
    void theJdk17RecipeIsTheSameInReadmeTheDockerfileAndTheTests() throws IOException {
        assertEverywhere(ServiceProcess.PRODUCTION_JVM, "docker/Dockerfile.jvm-17");
    }

    private static void assertEverywhere(List<String> options, String dockerfile) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String image = Files.readString(Path.of(dockerfile));
        String runOptions = image.substring(image.indexOf("ENV JAVA_OPTS_APPEND="));
        runOptions = runOptions.substring(0, runOptions.indexOf('\n'));
        for (String option : options) {
            if (option.startsWith("-XX:MaxRAM=")) {
                continue; // the container's memory gives it there; the tests set it for a 512 MB container
            }
            assertTrue(readme.contains(option), "README's production command lacks " + option);
            // the image's GC comes from GC_CONTAINER_OPTIONS, the rest from JAVA_OPTS_APPEND
            assertTrue(option.equals("-XX:+UseSerialGC") ? image.contains("GC_CONTAINER_OPTIONS=\"-XX:+UseSerialGC\"")
                    : runOptions.contains(option), dockerfile + " does not run the service with " + option);
        }
    }
}
