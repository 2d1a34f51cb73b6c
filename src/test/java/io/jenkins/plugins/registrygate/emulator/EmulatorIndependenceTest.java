package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The emulator is a product of its own: its sources use neither the plugin nor the tests, nor the AWS SDK. */
class EmulatorIndependenceTest {

    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+)");
    private static final Pattern QUALIFIED_USE = Pattern.compile("io\\.jenkins\\.plugins\\.registrygate\\.(\\w+)");

    @Test
    void emulatorSourcesReferOnlyToTheEmulatorTheJdkAndJackson() throws IOException {
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "emulator", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    String imported = m.group(1);
                    boolean allowed = imported.startsWith("java.") || imported.startsWith("javax.")
                            || imported.startsWith("org.w3c.dom.") || imported.startsWith("org.xml.sax.") // java.xml
                            || imported.startsWith("com.sun.net.httpserver.") || imported.startsWith("com.fasterxml.jackson.")
                            || imported.startsWith("io.jenkins.plugins.registrygate.emulator");
                    if (!allowed) {
                        offending.add(f + ": import " + imported);
                    }
                }
                Matcher q = QUALIFIED_USE.matcher(text);
                while (q.find()) {
                    if (!q.group(1).equals("emulator")) {
                        offending.add(f + ": uses " + q.group());
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
