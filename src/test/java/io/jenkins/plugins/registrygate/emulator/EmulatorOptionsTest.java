package io.jenkins.plugins.registrygate.emulator;

import io.jenkins.plugins.registrygate.emulator.sagemaker.ModelPackageRegistry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.sagemaker.EndpointTimings;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageStatus;
import software.amazon.awssdk.services.sagemaker.model.UpdateModelPackageRequest;

/** The behaviours the real service may show but not on cue, switched on for tests and for the standalone command. */
class EmulatorOptionsTest extends EmulatorTestSupport {

    @Test
    void lowerCaseArnsLowerTheNamesInArnsOnly() {
        emu.backend().lowerCaseArns(true);
        String groupArn = createGroup("ChurnModel");
        String arn = createVersion("ChurnModel");

        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:model-package-group/churnmodel", groupArn);
        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:model-package/churnmodel/1", arn);
        DescribeModelPackageResponse d = sm.describeModelPackage(b -> b.modelPackageName(arn));
        assertEquals("ChurnModel", d.modelPackageGroupName());
        assertEquals(arn, sm.describeModelPackage(b -> b.modelPackageName(packageArn("ChurnModel", 1))).modelPackageArn());
    }

    @Test
    void aForgottenClientTokenCreatesASecondVersion() {
        emu.backend().clientTokenLifetime(Duration.ofHours(1));
        createGroup("churn");
        String first = createVersion("churn", b -> b.clientToken("build-42"));
        clock.advance(Duration.ofMinutes(59));
        assertEquals(first, createVersion("churn", b -> b.clientToken("build-42")));

        clock.advance(Duration.ofMinutes(2));
        String second = createVersion("churn", b -> b.clientToken("build-42"));

        assertNotEquals(first, second);
        assertEquals(List.of(1, 2), emu.backend().modelPackageVersions("churn"));
    }

    @Test
    void withACompletionDelayANewVersionIsInProgressUntilItPasses() {
        emu.backend().completionDelay(Duration.ofSeconds(30));
        createGroup("churn");
        String arn = createVersion("churn");

        assertEquals(ModelPackageStatus.IN_PROGRESS, sm.describeModelPackage(b -> b.modelPackageName(arn)).modelPackageStatus());
        assertEquals(ModelPackageStatus.IN_PROGRESS, sm.listModelPackages(b -> b.modelPackageGroupName("churn"))
                .modelPackageSummaryList().get(0).modelPackageStatus());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(ModelPackageStatus.COMPLETED, sm.describeModelPackage(b -> b.modelPackageName(arn)).modelPackageStatus());
    }

    @Test
    void aFailedVersionSaysWhy() {
        createGroup("churn");
        String arn = createVersion("churn");
        emu.backend().failModelPackage(arn, "image scan found critical vulnerabilities");

        DescribeModelPackageResponse d = sm.describeModelPackage(b -> b.modelPackageName(arn));
        assertEquals(ModelPackageStatus.FAILED, d.modelPackageStatus());
        assertEquals("image scan found critical vulnerabilities",
                d.modelPackageStatusDetails().validationStatuses().get(0).failureReason());
    }

    @Test
    void replacingMetadataUpdatesDropKeysTheUpdateDoesNotName() {
        createGroup("churn");
        String arn = createVersion("churn", b -> b.customerMetadataProperties(Map.of("metric:auc", "0.91")));
        emu.backend().metadataUpdates(ModelPackageRegistry.MetadataUpdates.REPLACE);

        sm.updateModelPackage(UpdateModelPackageRequest.builder().modelPackageArn(arn)
                .customerMetadataProperties(Map.of("approval:decided-by", "maria")).build());

        assertEquals(Map.of("approval:decided-by", "maria"),
                sm.describeModelPackage(b -> b.modelPackageName(arn)).customerMetadataProperties());
    }

    @Test
    void mergingMetadataUpdatesKeepKeysTheUpdateDoesNotName() {
        createGroup("churn");
        String arn = createVersion("churn", b -> b.customerMetadataProperties(Map.of("metric:auc", "0.91")));

        sm.updateModelPackage(UpdateModelPackageRequest.builder().modelPackageArn(arn)
                .customerMetadataProperties(Map.of("approval:decided-by", "maria")).build());

        assertEquals(Map.of("metric:auc", "0.91", "approval:decided-by", "maria"),
                sm.describeModelPackage(b -> b.modelPackageName(arn)).customerMetadataProperties());
    }

    @Test
    void theStandaloneCommandTakesTheOptions() {
        try (SageMakerEmulator e = SageMakerEmulatorMain.parse(new String[] {"--port", "0", "--lower-case-arns",
                "--client-token-lifetime", "PT1H", "--metadata-updates", "replace", "--package-completion-delay", "PT5S"})
                .start()) {
            assertTrue(e.endpoint().getPort() > 0);
        }
    }

    @Test
    void theStandaloneCommandHasShortButVisibleEndpointPhasesByDefault() {
        try (SageMakerEmulator e = SageMakerEmulatorMain.parse(new String[] {"--port", "0"}).start()) {
            assertEquals(EndpointTimings.standalone(), e.backend().endpoints().timings());
            assertTrue(e.backend().endpoints().timings().creation().compareTo(Duration.ZERO) > 0);
        }
    }

    @Test
    void theStandaloneCommandTakesTheEndpointTimings() {
        try (SageMakerEmulator e = SageMakerEmulatorMain.parse(new String[] {"--port", "0",
                "--endpoint-creation-time", "PT2S", "--endpoint-launch-time", "PT3S", "--traffic-shift-time", "PT1S",
                "--fleet-termination-time", "PT4S", "--endpoint-rollback-time", "PT5S",
                "--endpoint-deletion-time", "PT6S", "--deployment-wait-scale", "0.01"}).start()) {
            assertEquals(new EndpointTimings(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1),
                    Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6), 0.01),
                    e.backend().endpoints().timings());
        }
    }

    @Test
    void immediateEndpointsTakeNoTimeInTheStandaloneCommand() {
        try (SageMakerEmulator e = SageMakerEmulatorMain.parse(new String[] {"--port", "0", "--immediate-endpoints"})
                .start()) {
            assertEquals(EndpointTimings.immediate(), e.backend().endpoints().timings());
        }
    }

    @Test
    void aNegativeOrUnparsableTimingIsAUsageError() {
        assertThrows(IllegalArgumentException.class,
                () -> SageMakerEmulatorMain.parse(new String[] {"--endpoint-creation-time", "-PT1S"}));
        assertThrows(IllegalArgumentException.class,
                () -> SageMakerEmulatorMain.parse(new String[] {"--deployment-wait-scale", "fast"}));
    }

    @Test
    void theEmbeddedEmulatorsEndpointsTakeNoTimeUnlessTold() {
        assertEquals(EndpointTimings.immediate(), emu.backend().endpoints().timings());
        try (SageMakerEmulator e = SageMakerEmulator.builder()
                .endpointTimings(EndpointTimings.immediate().withCreation(Duration.ofMinutes(3))).start()) {
            assertEquals(Duration.ofMinutes(3), e.backend().endpoints().timings().creation());
        }
    }

    @Test
    void callersAreReportedAsTheirPrincipals() {
        Identities.Credentials alice = emu.identities().user("alice");
        createGroup("churn");
        String arn = createVersion("churn");
        try (var asAlice = EmulatorClients.sageMaker(emu, b -> b.credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(alice.accessKeyId(), alice.secretAccessKey()))))) {
            asAlice.updateModelPackage(b -> b.modelPackageArn(arn).modelApprovalStatus("Approved"));
        }
        var by = sm.describeModelPackage(b -> b.modelPackageName(arn)).lastModifiedBy().iamIdentity();
        assertEquals(alice.principal().arn(), by.arn());
        assertEquals(alice.principal().principalId(), by.principalId());
        assertEquals("arn:aws:iam::123456789012:user/alice", by.arn());
        assertTrue(by.principalId().matches("AIDA[A-Z2-7]{17}"), by.principalId());
    }

    @Test
    void anActionDeniedToAPrincipalIsAnsweredWithAccessDenied() {
        Identities.Credentials bob = emu.identities().user("bob");
        emu.identities().deny(bob.principal(), "sagemaker:DescribeModelPackageGroup");
        createGroup("churn");
        try (var asBob = EmulatorClients.sageMaker(emu, b -> b.credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(bob.accessKeyId(), bob.secretAccessKey()))))) {
            var e = expectError("AccessDeniedException", () -> asBob.describeModelPackageGroup(b -> b.modelPackageGroupName("churn")));
            assertTrue(e.awsErrorDetails().errorMessage().contains(bob.principal().arn()), e.getMessage());
            asBob.listModelPackageGroups(b -> { });
        }
    }
}
