package dev.tgbot.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * README's Java snippets are complete and compile: every {@code ```java} block that starts with {@code package} is
 * written to its package's directory and compiled with javac against the test classpath (the service, the Bot API
 * types, Quarkus), as a user who copies it into {@code src/main/java} would.
 */
public class ReadmeSnippetsTest {

    static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    static final Pattern CLASS = Pattern.compile("public (?:class|interface|record|enum) (\\w+)");

    /** @return README's complete snippets (a {@code package} line first), in order */
    public static List<String> snippets() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        List<String> found = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            if (m.group(1).startsWith("package ")) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /**
     * @param name a public class's simple name
     * @return README's snippet that declares it
     * @throws AssertionError when README has none
     */
    public static String snippet(String name) throws IOException {
        return snippets().stream().filter(s -> s.contains("public class " + name + " "))
                .findFirst().orElseThrow(() -> new AssertionError("README has no snippet of " + name));
    }

    @Test
    void everyCompleteSnippetCompiles() throws IOException {
        List<String> snippets = snippets();
        assertTrue(snippets.size() >= 4, "README's snippets: " + snippets.size());
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "readme-snippets-");
        List<Path> sources = new ArrayList<>();
        for (String source : snippets) {
            String pkg = source.substring("package ".length(), source.indexOf(';'));
            Matcher type = CLASS.matcher(source);
            assertTrue(type.find(), "a snippet without a public type:\n" + source);
            Path file = dir.resolve("src").resolve(pkg.replace('.', '/')).resolve(type.group(1) + ".java");
            Files.createDirectories(file.getParent());
            assertTrue(!Files.exists(file), "two snippets declare " + pkg + "." + type.group(1));
            Files.writeString(file, source);
            sources.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            boolean ok = javac.getTask(out, files, null, List.of("--release", "17", "-proc:none", "-Xlint:all",
                    "-Werror", "-classpath", classpath, "-d", dir.resolve("classes").toString()), null, units).call();
            assertTrue(ok, "README's snippets do not compile:\n" + out);
        }
        assertEquals("", out.toString().strip(), "no warning either");
    }
}
