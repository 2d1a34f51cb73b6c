package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * Runs after {@code package}: the standalone emulator jar holds exactly the classes of src/emulator/java (none of the
 * tests, none of the plugin) and serves the SDK when started with {@code java -jar} and nothing else on its class path.
 */
class EmulatorJarIT {

    static final Path JAR = Path.of("target", "registry-gate-emulator.jar");
    static final Path SOURCES = Path.of("src", "emulator", "java");

    @Test
    void theJarHoldsExactlyTheEmulatorsClasses() throws IOException {
        Set<String> expected = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f ->
                    expected.add(SOURCES.relativize(f).toString().replace('\\', '/').replaceAll("\\.java$", "")));
        }
        Set<String> packaged = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/jenkins/") && n.endsWith(".class"))
                    .map(n -> n.replaceAll("(\\$.*)?\\.class$", ""))
                    .forEach(packaged::add);
        }
        assertEquals(expected, packaged);
    }

    @Test
    void runsStandaloneWithJavaDashJar() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "--port", "0").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("SAGEMAKER_EMULATOR_ENDPOINT="), "first line: " + first);
            URI endpoint = URI.create(first.substring(first.indexOf('=') + 1));
            SageMakerEmulatorRef ref = new SageMakerEmulatorRef(endpoint);
            try (SageMakerClient sm = ref.client()) {
                sm.createModelPackageGroup(b -> b.modelPackageGroupName("standalone"));
                assertEquals("standalone", sm.describeModelPackageGroup(b -> b.modelPackageGroupName("standalone"))
                        .modelPackageGroupName());
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deploysAnEndpointStandalone() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "--port", "0", "--immediate-endpoints")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            URI endpoint = URI.create(first.substring(first.indexOf('=') + 1));
            try (SageMakerClient sm = new SageMakerEmulatorRef(endpoint).client()) {
                sm.createModel(b -> b.modelName("m").primaryContainer(c -> c.image("123456789012.dkr.ecr.us-east-1"
                        + ".amazonaws.com/churn:1").modelDataUrl("s3://models/churn/model.tar.gz")));
                sm.createEndpointConfig(b -> b.endpointConfigName("c").productionVariants(v -> v.variantName("v")
                        .modelName("m").instanceType("ml.m5.large").initialInstanceCount(1)));
                sm.createEndpoint(b -> b.endpointName("e").endpointConfigName("c"));
                assertEquals("InService", sm.describeEndpoint(b -> b.endpointName("e")).endpointStatusAsString());
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A client for an emulator running in another process. */
    private record SageMakerEmulatorRef(URI endpoint) {
        SageMakerClient client() {
            return SageMakerClient.builder().endpointOverride(endpoint)
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(EmulatorClients.credentials(EmulatorClients.ACCESS_KEY_ID))
                    .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                    .build();
        }
    }
}
