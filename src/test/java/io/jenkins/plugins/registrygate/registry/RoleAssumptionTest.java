package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.ServiceRouter;
import io.jenkins.plugins.registrygate.testing.StsStub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With a role to assume, the client asks STS (with the external id) using the stored credentials, and signs its
 * SageMaker calls with the role's temporary keys. A build's calls assume the role under a session name that names
 * the build, so CloudTrail shows which build acted; the connection's shared client (the registry watcher's) uses the
 * plugin's name. STS is reached at the connection's endpoint, like SageMaker: one loopback endpoint routes by
 * signing name to the SageMaker emulator and to an STS stub.
 */
class RoleAssumptionTest {

    static final String ROLE = "arn:aws:iam::123456789012:role/model-deployer";

    final RegistryFixture fx = new RegistryFixture();
    final StsStub sts = new StsStub();
    final ServiceRouter endpoint = ServiceRouter.start(Map.of("sagemaker", ServiceRouter.forwardTo(fx.emulator.endpoint()), "sts", sts));
    final ConnectionSettings withRole = new ConnectionSettings(fx.emulator.region(), endpoint.endpoint().toString(),
            RegistryFixture.CREDENTIALS_ID, ROLE, "ext-4711");

    @AfterEach
    void stop() {
        endpoint.close();
        fx.close();
    }

    @Test
    void sageMakerCallsAreSignedWithTheAssumedRolesKeys() {
        new ModelRegistry(fx.clients.clientFor(withRole, fx.lookup())).ensureGroup("churn-model", "", Map.of());

        assertEquals(1, sts.requests().size());
        Map<String, String> assume = sts.requests().get(0);
        assertEquals("AssumeRole", assume.get("Action"));
        assertEquals(ROLE, assume.get("RoleArn"));
        assertEquals("ext-4711", assume.get("ExternalId"));
        assertEquals("EMULATORACCESSKEY", assume.get("signedWith"), "STS is asked with the stored credential");
        assertEquals(List.of("sts", "sagemaker", "sagemaker"), endpoint.services(), "STS goes to the connection's endpoint too");
        assertTrue(fx.emulator.calls().stream().allMatch(c -> c.accessKeyId().equals(StsStub.ASSUMED_KEY_ID)),
                "every SageMaker call is signed with the role's key");
    }

    @Test
    void callsThatNameNoBuildUseThePluginsSessionName() {
        new ModelRegistry(fx.clients.clientFor(withRole, fx.lookup())).ensureGroup("churn-model", "", Map.of());

        assertEquals(List.of(RoleSessionName.PLUGIN), sts.sessionNames());
    }

    @Test
    void aBuildsCallsAssumeTheRoleAsASessionNamedForTheBuild() {
        CredentialsLookup build42 = fx.lookup().withRoleSessionName(RoleSessionName.forBuild("ml/churn", 42));

        new ModelRegistry(fx.clients.clientFor(withRole, build42)).ensureGroup("churn-model", "", Map.of());

        assertEquals(List.of("ml.churn-42"), sts.sessionNames());
        assertTrue(fx.emulator.calls().stream().allMatch(c -> c.accessKeyId().equals(StsStub.ASSUMED_KEY_ID)),
                "the build's calls are signed with its own session's key");
    }

    @Test
    void buildsShareOneClientEachWithItsOwnSession() {
        ModelRegistry build42 = new ModelRegistry(fx.clients.clientFor(withRole, fx.lookup().withRoleSessionName("churn-42")));
        ModelRegistry build43 = new ModelRegistry(fx.clients.clientFor(withRole, fx.lookup().withRoleSessionName("churn-43")));

        build42.ensureGroup("churn-model", "", Map.of());
        build43.ensureGroup("churn-model", "", Map.of());
        new ModelRegistry(fx.clients.clientFor(withRole, fx.lookup().withRoleSessionName("churn-42"))).ensureGroup("churn-model", "", Map.of());

        assertEquals(List.of("churn-42", "churn-43"), sts.sessionNames(), "one AssumeRole per build, reused by its later calls");
        assertEquals(1, fx.clients.size(), "one connection, one SDK client");
        assertSame(build42.principal(), build43.principal(), "the registry watcher sees one identity for both builds");
        assertSame(fx.clients.clientFor(withRole, fx.lookup()), build42.principal(), "the shared client stands for them");
    }

    @Test
    void withoutARoleTheSharedClientIsHandedOutAsIs() {
        ConnectionSettings plain = fx.settings();

        assertSame(fx.clients.clientFor(plain, fx.lookup()), fx.clients.clientFor(plain, fx.lookup().withRoleSessionName("churn-42")));
        assertNotSame(fx.clients.clientFor(withRole, fx.lookup()), fx.clients.clientFor(withRole, fx.lookup().withRoleSessionName("churn-42")));
    }

    @Test
    void theWatchersPollsServeManyBuildsAndUseThePluginsSessionNameEvenThroughABuildsRegistry() {
        fx.console().createModelPackageGroup(b -> b.modelPackageGroupName("churn-model"));
        ModelRegistry build42 = new ModelRegistry(fx.clients.clientFor(withRole, fx.lookup().withRoleSessionName("churn-42")));

        build42.listWithStatus("churn-model", software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus.APPROVED,
                java.util.Optional.empty());
        build42.listVersions("churn-model", java.util.Optional.empty());

        assertEquals(List.of(RoleSessionName.PLUGIN, "churn-42"), sts.sessionNames(),
                "the poll as the plugin, the build's own listing as the build");
    }

    @Test
    void closingABuildsViewLeavesTheSharedClientOpen() {
        var view = fx.clients.clientFor(withRole, fx.lookup().withRoleSessionName("churn-42"));

        view.close();

        new ModelRegistry(fx.clients.clientFor(withRole, fx.lookup())).ensureGroup("churn-model", "", Map.of());
        assertEquals(1, fx.clients.size());
    }

    @Test
    void theEmulatorsOwnStsRefusesAWrongExternalIdAndNoSageMakerCallIsMade() {
        // The emulator serves STS on SageMaker's port, and the connection's endpoint applies to STS too: no stub.
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"ext-4711\"}}}]}";
        try (var iam = io.jenkins.plugins.registrygate.emulator.EmulatorClients.iam(fx.emulator)) {
            iam.createRole(b -> b.roleName("model-deployer").assumeRolePolicyDocument(trust));
        }
        ModelRegistry registry = new ModelRegistry(fx.clients.clientFor(new ConnectionSettings(fx.emulator.region(),
                fx.emulator.endpoint().toString(), RegistryFixture.CREDENTIALS_ID, ROLE, "ext-0000"), fx.lookup()));

        RegistryException e = org.junit.jupiter.api.Assertions.assertThrows(RegistryException.class,
                () -> registry.ensureGroup("churn-model", "", Map.of()));

        assertEquals("AccessDenied", e.errorCode(), e::getMessage);
        assertTrue(e.isCredentialsFailure() && !e.isTransient(), e::getMessage);
        assertEquals(1, fx.emulator.calls("sts", "AssumeRole").size());
        assertTrue(fx.emulator.calls().stream().noneMatch(c -> c.service().equals("sagemaker")));
    }
}
