package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.ServiceRouter;
import io.jenkins.plugins.registrygate.testing.StsStub;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client cache applies the administrator's rules before anything else: a refused connection looks up no
 * credential, builds no client and sends nothing, to SageMaker or to STS.
 */
class ConnectionPolicyEnforcementTest {

    static final String ML_ROLE = "arn:aws:iam::123456789012:role/ml-deployer";
    static final String ADMIN_ROLE = "arn:aws:iam::123456789012:role/admin";

    final RegistryFixture fx = new RegistryFixture();
    final StsStub sts = new StsStub();
    final ServiceRouter endpoint = ServiceRouter.start(Map.of("sagemaker", ServiceRouter.forwardTo(fx.emulator.endpoint()), "sts", sts));
    final AtomicInteger lookups = new AtomicInteger();
    final CredentialsLookup counting = id -> {
        lookups.incrementAndGet();
        return fx.lookup().find(id);
    };
    ConnectionPolicy policy = ConnectionPolicy.DEFAULT;
    final AwsClients clients = new AwsClients().withPolicy(() -> policy);

    @AfterEach
    void stop() {
        clients.close();
        endpoint.close();
        fx.close();
    }

    ConnectionSettings at(String endpointUrl, String credentialsId, String roleArn) {
        return new ConnectionSettings(fx.emulator.region(), endpointUrl, credentialsId, roleArn, "");
    }

    void assertNothingHappened() {
        assertEquals(0, lookups.get(), "no credential looked up");
        assertEquals(0, clients.size(), "no client built");
        assertEquals(List.of(), endpoint.received(), "nothing sent, to SageMaker or STS");
        assertEquals(List.of(), fx.emulator.calls());
    }

    @Test
    void withoutACredentialsIdTheControllersOwnCredentialsAreRefusedByDefault() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> clients.clientFor(at(endpoint.endpoint().toString(), "", ""), counting));

        assertTrue(e.isRefusedByPolicy());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("credentialsId: is required"), e.getMessage());
        assertTrue(e.getMessage().contains("allowControllerCredentials: true"), e.getMessage());
        assertNothingHappened();
    }

    @Test
    void theControllersOwnCredentialsAreUsedOnceTheAdministratorAllowsThem() {
        policy = ConnectionPolicy.allowingControllerCredentials();

        new ModelRegistry(clients.clientFor(at(endpoint.endpoint().toString(), "", ""), counting)).ensureGroup("churn", "", Map.of());

        // The build's surefire configuration gives the SDK chain these placeholder keys.
        assertEquals("EMULATORACCESSKEY", fx.emulator.calls().get(0).accessKeyId());
    }

    @Test
    void aRoleOutsideTheAllowListIsRefusedBeforeStsIsAsked() {
        policy = new ConnectionPolicy(false, AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*"), AllowList.ANY,
                ConnectionSettings.DEFAULTS);

        RegistryException e = assertThrows(RegistryException.class,
                () -> clients.clientFor(at(endpoint.endpoint().toString(), RegistryFixture.CREDENTIALS_ID, ADMIN_ROLE), counting));

        assertTrue(e.isRefusedByPolicy());
        assertTrue(e.getMessage().contains("roleArn '" + ADMIN_ROLE + "': is not in the administrator's list of allowed role ARNs"),
                e.getMessage());
        assertNothingHappened();
    }

    @Test
    void aRoleOnTheAllowListIsAssumed() {
        policy = new ConnectionPolicy(false, AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*"), AllowList.ANY,
                ConnectionSettings.DEFAULTS);

        new ModelRegistry(clients.clientFor(at(endpoint.endpoint().toString(), RegistryFixture.CREDENTIALS_ID, ML_ROLE), counting))
                .ensureGroup("churn", "", Map.of());

        assertEquals(ML_ROLE, sts.requests().get(0).get("RoleArn"));
    }

    @Test
    void anEndpointOutsideTheAllowListIsRefusedBeforeAnythingIsSigned() {
        policy = new ConnectionPolicy(false, AllowList.ANY, AllowList.ofEndpointUrls("https://*.vpce.amazonaws.com"),
                ConnectionSettings.DEFAULTS);

        RegistryException e = assertThrows(RegistryException.class,
                () -> clients.clientFor(at(endpoint.endpoint().toString(), RegistryFixture.CREDENTIALS_ID, ML_ROLE), counting));

        assertTrue(e.isRefusedByPolicy());
        assertTrue(e.getMessage().contains("endpointUrl '" + endpoint.endpoint() + "': is not in the administrator's list"), e.getMessage());
        assertNothingHappened();
    }

    @Test
    void theAdministratorsOwnRoleAndEndpointAreAllowedWhateverTheLists() {
        ConnectionSettings admins = at(endpoint.endpoint().toString(), RegistryFixture.CREDENTIALS_ID, ADMIN_ROLE);
        policy = new ConnectionPolicy(false, AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*"),
                AllowList.ofEndpointUrls("https://*.vpce.amazonaws.com"), admins);

        new ModelRegistry(clients.clientFor(admins, counting)).ensureGroup("churn", "", Map.of());

        assertEquals(ADMIN_ROLE, sts.requests().get(0).get("RoleArn"));
    }

    @Test
    void theRulesInForceAtEachRequestApplyToCachedConnectionsToo() {
        policy = ConnectionPolicy.allowingControllerCredentials();
        ConnectionSettings noId = at(endpoint.endpoint().toString(), "", "");
        clients.clientFor(noId, counting);

        policy = ConnectionPolicy.DEFAULT;

        assertThrows(RegistryException.class, () -> clients.clientFor(noId, counting));
    }
}
