package io.jenkins.plugins.registrygate.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.gates.CheckOutcome;
import io.jenkins.plugins.registrygate.gates.GateCheck;
import io.jenkins.plugins.registrygate.gates.GateCheckResult;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.DeploymentAccount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;

/**
 * The preflight as a deployment meets it: the version read from the registry with every container and its
 * ModelDataSource, its image:digest metadata compared with ECR now, composite rollback alarms; through the real SDK
 * clients against the emulator, with nothing changed when the gate refuses.
 */
class DeploymentPreflightTest {

    static final String MANIFEST_REBUILT =
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"rebuilt\":true}";

    final DeploymentHarness h = new DeploymentHarness();

    @AfterEach
    void close() {
        h.close();
        assertEquals(List.of(), h.fx.emulator.conformanceViolations());
    }

    @SafeVarargs
    final ModelPackageRef approvedVersion(Consumer<ModelPackageContainerDefinition.Builder>... containers) {
        return h.account.approvedWithContainers(containers);
    }

    DeploymentRecord deploy(ModelPackageRef v, List<String> alarms) {
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();
        h.start(h.request(v.arn(), b -> b.set("alarms", alarms)), rec);
        return rec.result() != null ? rec.result() : h.runUntilFinished(rec);
    }

    static List<String> summaries(DeploymentRecord r, String check) {
        return r.getGate().stream().filter(g -> g.getCheck().id().equals(check)).map(GateCheckResult::summary).toList();
    }

    void put(String key) {
        try (var s3 = EmulatorClients.s3(h.fx.emulator)) {
            s3.putObject(b -> b.bucket("ml-models").key(key), RequestBody.fromString("weights", StandardCharsets.UTF_8));
        }
    }

    @Test
    void aVersionWhoseSecondContainerHasNoImageIsRefusedNamingThatContainer() {
        put("ranking/llm/weights.bin");
        ModelPackageRef v = approvedVersion(
                c -> c.containerHostname("features").image(DeploymentAccount.IMAGE).modelDataUrl("s3://ml-models/churn/1/model.tar.gz"),
                c -> c.containerHostname("ranker").image("123456789012.dkr.ecr.us-east-1.amazonaws.com/ranker:2.0")
                        .modelDataSource(s -> s.s3DataSource(d -> d.s3Uri("s3://ml-models/ranking/llm/").s3DataType("S3Prefix")
                                .compressionType("None"))));

        DeploymentRecord r = deploy(v, List.of());

        assertEquals("REFUSED", r.getOutcome(), r.getMessage());
        assertTrue(r.getMessage().contains("\n  - image: failed: container 2 (ranker): 123456789012.dkr.ecr.us-east-1.amazonaws.com/ranker:2.0"
                + " is not in ECR (RepositoryNotFoundException)"), r.getMessage());
        assertEquals(2, summaries(r, "image").size(), summaries(r, "image").toString());
        assertTrue(summaries(r, "modelArtifact").get(1).startsWith("modelArtifact: passed: container 2 (ranker): s3://ml-models/ranking/llm/ (S3Prefix"),
                summaries(r, "modelArtifact").toString());
        assertEquals(List.of(), h.mutations());
    }

    @Test
    void aVersionWhoseModelDataPrefixIsEmptyIsRefused() {
        ModelPackageRef v = approvedVersion(c -> c.image(DeploymentAccount.IMAGE)
                .modelDataSource(s -> s.s3DataSource(d -> d.s3Uri("s3://ml-models/churn/uncompressed/").s3DataType("S3Prefix")
                        .compressionType("None"))));

        DeploymentRecord r = deploy(v, List.of());

        assertEquals("REFUSED", r.getOutcome());
        assertTrue(r.getMessage().contains("modelArtifact: failed: no object under s3://ml-models/churn/uncompressed/ (S3Prefix)"),
                r.getMessage());
        assertEquals(List.of(), h.mutations());
    }

    @Test
    void aVersionWhoseModelDataPrefixHoldsObjectsIsDeployed() {
        put("churn/uncompressed/config.json");
        put("churn/uncompressed/weights.bin");
        ModelPackageRef v = approvedVersion(c -> c.image(DeploymentAccount.IMAGE)
                .modelDataSource(s -> s.s3DataSource(d -> d.s3Uri("s3://ml-models/churn/uncompressed/").s3DataType("S3Prefix")
                        .compressionType("None"))));

        DeploymentRecord r = deploy(v, List.of());

        assertEquals("DEPLOYED", r.getOutcome(), r.getMessage());
        assertEquals(List.of("image: passed: churn-serve " + h.account.imageDigest()), summaries(r, "image").stream()
                .map(s -> s.substring(0, s.indexOf(" [")))
                .toList());
    }

    @Test
    void aVersionWhoseImageTagWasMovedSinceRegistrationIsRefused() {
        ModelPackageRef v1 = h.approved(1);
        String moved;
        try (var ecr = EmulatorClients.ecr(h.fx.emulator)) {
            moved = ecr.putImage(b -> b.repositoryName("churn-serve").imageTag("1.4.2").imageManifest(MANIFEST_REBUILT))
                    .image().imageId().imageDigest();
        }

        DeploymentRecord r = deploy(v1, List.of());

        assertEquals("REFUSED", r.getOutcome());
        assertTrue(r.getMessage().contains("image: failed: tag 1.4.2 of churn-serve now points at " + moved
                + ", the version was registered with " + h.account.imageDigest() + " (image:digest)"), r.getMessage());
        assertEquals(List.of(), h.mutations());
    }

    @Test
    void aWaivedImageCheckIsRecordedAsWaivedByWhoAndWhyAndTheVersionIsDeployed() {
        ModelPackageRef v1 = h.approved(1);
        String moved;
        try (var ecr = EmulatorClients.ecr(h.fx.emulator)) {
            moved = ecr.putImage(b -> b.repositoryName("churn-serve").imageTag("1.4.2").imageManifest(MANIFEST_REBUILT))
                    .image().imageId().imageDigest();
        }
        DeploymentHarness.Recorder rec = new DeploymentHarness.Recorder();

        h.start(h.request(v1.arn(), b -> b.set("waive", List.of("image=tag rebuilt with the same layers, SEC-204"))), rec);
        DeploymentRecord r = rec.result() != null ? rec.result() : h.runUntilFinished(rec);

        assertEquals("DEPLOYED", r.getOutcome(), r.getMessage() + "\n" + rec.logText());
        GateCheckResult image = r.getGate().stream().filter(g -> g.getCheck() == GateCheck.IMAGE).findFirst().orElseThrow();
        assertEquals(CheckOutcome.WAIVED, image.getOutcome());
        assertEquals("erin", image.getWaivedBy());
        assertEquals("tag rebuilt with the same layers, SEC-204", image.getWaiverReason());
        assertTrue(image.getDetail().contains("now points at " + moved), "the record keeps what the check found: " + image.getDetail());
        assertEquals(v1.arn(), h.servedPackage("churn-prod").orElseThrow());
    }

    @Test
    void aCompositeRollbackAlarmIsAcceptedAndAMissingOneRefused() {
        try (var cw = EmulatorClients.cloudWatch(h.fx.emulator)) {
            cw.putCompositeAlarm(b -> b.alarmName("churn-any").alarmRule("ALARM(churn-5xx) OR ALARM(churn-latency)"));
        }
        ModelPackageRef v1 = h.approved(1);

        DeploymentRecord missing = deploy(v1, List.of("churn-any", "churn-all"));
        DeploymentRecord deployed = deploy(v1, List.of("churn-any"));

        assertEquals("REFUSED", missing.getOutcome());
        assertTrue(missing.getMessage().contains("alarms: failed: no such alarm: churn-all"), missing.getMessage());
        assertEquals("DEPLOYED", deployed.getOutcome(), deployed.getMessage());
        assertEquals(List.of("alarms: passed: [churn-any OK]"), summaries(deployed, "alarms"));
    }
}
