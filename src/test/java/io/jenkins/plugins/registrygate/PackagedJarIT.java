package io.jenkins.plugins.registrygate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Runs after {@code package}: the jar carries the plugin and none of the compile-only Jenkins API declarations
 * of src/jenkins-api (Jenkins provides the real ones at run time; shipping ours would shadow them).
 */
class PackagedJarIT {

    static final List<String> DECLARATION_PACKAGES = List.of(
            "hudson/", "jenkins/", "org/kohsuke/", "org/jenkinsci/", "com/cloudbees/", "com/amazonaws/", "net/sf/");

    static Path jar() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(Path.of("target"), "model-registry-gate-*.jar")) {
            d.forEach(jars::add);
        }
        jars.removeIf(p -> p.getFileName().toString().endsWith("-tests.jar") || p.getFileName().toString().endsWith("-sources.jar"));
        assertEquals(1, jars.size(), "one packaged jar in target/: " + jars);
        return jars.get(0);
    }

    @Test
    void theJarHoldsNoJenkinsApiDeclaration() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            List<String> leaked = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> DECLARATION_PACKAGES.stream().anyMatch(n::startsWith)).toList();
            assertEquals(List.of(), leaked);
        }
    }

    @Test
    void theJarHoldsThePluginItsStepsAndTheirViews() throws IOException {
        try (JarFile jar = new JarFile(jar().toFile())) {
            for (String entry : List.of(
                    "io/jenkins/plugins/registrygate/steps/RegisterModelStep.class",
                    "io/jenkins/plugins/registrygate/steps/AwaitApprovalStep$DescriptorImpl.class",
                    "io/jenkins/plugins/registrygate/actions/ApprovalPage/index.jelly")) {
                assertTrue(jar.getEntry(entry) != null, entry + " is missing");
            }
        }
    }
}
