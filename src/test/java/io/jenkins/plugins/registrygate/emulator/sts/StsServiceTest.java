package io.jenkins.plugins.registrygate.emulator.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ServiceTestSupport;
import io.jenkins.plugins.registrygate.emulator.iam.IamService;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class StsServiceTest extends ServiceTestSupport {

    static final String ROLE = "arn:aws:iam::123456789012:role/model-deployer";

    StsClient sts;

    @BeforeEach
    void client() {
        sts = EmulatorClients.sts(emu);
    }

    @AfterEach
    void close() {
        sts.close();
    }

    @Test
    void callerIdentityIsThePrincipalBehindTheAccessKey() {
        Identities.Credentials alice = user("alice");
        try (StsClient asAlice = EmulatorClients.sts(emu, EmulatorClients.credentials(alice))) {
            GetCallerIdentityResponse me = asAlice.getCallerIdentity();

            assertEquals("arn:aws:iam::123456789012:user/alice", me.arn());
            assertEquals(alice.principal().principalId(), me.userId());
            assertEquals("123456789012", me.account());
        }
    }

    @Test
    void callerIdentityNeedsNoPermission() {
        Identities.Credentials bob = user("bob");
        emu.identities().deny(bob.principal(), "*");
        try (StsClient asBob = EmulatorClients.sts(emu, EmulatorClients.credentials(bob))) {
            assertEquals(bob.principal().arn(), asBob.getCallerIdentity().arn());
        }
    }

    @Test
    void assumeRoleIssuesKeysThatSignAsTheRoleSession() {
        IamService.Role role = emu.iam().addRole("model-deployer");

        AssumeRoleResponse r = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42"));

        assertEquals("arn:aws:sts::123456789012:assumed-role/model-deployer/build-42", r.assumedRoleUser().arn());
        assertEquals(role.roleId() + ":build-42", r.assumedRoleUser().assumedRoleId());
        assertTrue(r.credentials().accessKeyId().startsWith("ASIA"), r.credentials().accessKeyId());
        assertEquals(T0.plus(Duration.ofHours(1)), r.credentials().expiration());
        var session = StaticCredentialsProvider.create(AwsSessionCredentials.create(r.credentials().accessKeyId(),
                r.credentials().secretAccessKey(), r.credentials().sessionToken()));
        try (StsClient asRole = EmulatorClients.sts(emu, session)) {
            assertEquals(r.assumedRoleUser().arn(), asRole.getCallerIdentity().arn());
            assertEquals(r.assumedRoleUser().assumedRoleId(), asRole.getCallerIdentity().userId());
        }
    }

    @Test
    void assumingARoleThatDoesNotExistIsAccessDenied() {
        StsException e = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42")));

        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertEquals("User: arn:aws:iam::123456789012:user/EMULATORACCESSKEY is not authorized to perform: "
                + "sts:AssumeRole on resource: " + ROLE, e.awsErrorDetails().errorMessage());
    }

    @Test
    void durationSecondsIsHonouredAndBoundedByTheRolesMaximum() {
        emu.iam().addRole("model-deployer");

        assertEquals(T0.plusSeconds(900), sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42").durationSeconds(900))
                .credentials().expiration());
        StsException e = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42").durationSeconds(7200)));
        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertEquals("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void durationSecondsBelowTheModelsMinimumIsAValidationError() {
        emu.iam().addRole("model-deployer");

        StsException e = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42").durationSeconds(60)));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("at 'durationSeconds'"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void roleChainingIsLimitedToOneHour() {
        emu.iam().addRole("model-deployer");
        var r = sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("first")).credentials();
        var session = StaticCredentialsProvider.create(AwsSessionCredentials.create(r.accessKeyId(),
                r.secretAccessKey(), r.sessionToken()));
        try (StsClient asRole = EmulatorClients.sts(emu, session)) {
            StsException e = assertThrows(StsException.class, () -> asRole.assumeRole(b -> b.roleArn(ROLE)
                    .roleSessionName("second").durationSeconds(3601)));

            assertEquals("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role "
                    + "chaining.", e.awsErrorDetails().errorMessage());
            assertEquals("arn:aws:sts::123456789012:assumed-role/model-deployer/second",
                    asRole.assumeRole(b -> b.roleArn(ROLE).roleSessionName("second")).assumedRoleUser().arn());
        }
    }

    @Test
    void aSessionNameOutsideTheModelsPatternIsRefused() {
        emu.iam().addRole("model-deployer");

        StsException e = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build 42")));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("at 'roleSessionName'"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void theTrustPolicysExternalIdConditionMustBeMet() {
        try (var iam = EmulatorClients.iam(emu)) {
            iam.createRole(b -> b.roleName("model-deployer").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
                    + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"ext-4711\"}}}]}"));
        }

        assertEquals("AccessDenied", assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42"))).awsErrorDetails().errorCode());
        assertEquals("AccessDenied", assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42").externalId("ext-0000")))
                .awsErrorDetails().errorCode());
        sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42").externalId("ext-4711"));
    }

    @Test
    void aDeniedAssumeRoleIsAccessDeniedEvenForAnExistingRole() {
        emu.iam().addRole("model-deployer");
        Identities.Credentials bob = user("bob");
        emu.identities().deny(bob.principal(), "sts:AssumeRole", ROLE);
        try (StsClient asBob = EmulatorClients.sts(emu, EmulatorClients.credentials(bob))) {
            StsException e = assertThrows(StsException.class,
                    () -> asBob.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42")));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        }
        sts.assumeRole(b -> b.roleArn(ROLE).roleSessionName("build-42"));
    }
}
