package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the administrator allows a connection to be. */
class ConnectionPolicyTest {

    static final String ML = "arn:aws:iam::123456789012:role/ml-deployer";
    static final String OTHER = "arn:aws:iam::123456789012:role/other";
    static final ConnectionSettings GLOBAL = new ConnectionSettings("eu-west-1", "https://gateway.example.com", "",
            "arn:aws:iam::123456789012:role/registry-gate", "ext");
    final ConnectionPolicy lists = new ConnectionPolicy(false, AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*"),
            AllowList.ofEndpointUrls("https://*.vpce.amazonaws.com"), GLOBAL);

    static ConnectionSettings step(String credentialsId, String endpoint, String role) {
        return new ConnectionSettings("eu-west-1", endpoint, credentialsId, role, "");
    }

    @Test
    void byDefaultAConnectionWithoutCredentialsIdIsRefusedNamingTheParameterAndHowToAllowIt() {
        List<ConnectionPolicy.Refusal> refusals = ConnectionPolicy.DEFAULT.refusals(step("", "", ""));

        assertEquals(1, refusals.size());
        assertEquals("credentialsId", refusals.get(0).parameter());
        assertTrue(refusals.get(0).rule().contains("has not allowed builds to use the Jenkins controller's own AWS credentials"));
        assertTrue(refusals.get(0).rule().contains("Manage Jenkins » System » Model Registry Gate"));
        assertTrue(refusals.get(0).rule().contains("allowControllerCredentials: true"));
    }

    @Test
    void aCredentialsIdNeedsNoOptIn() {
        assertEquals(List.of(), ConnectionPolicy.DEFAULT.refusals(step("aws-ml", "", "")));
    }

    @Test
    void theOptInAllowsAConnectionWithoutCredentialsId() {
        assertEquals(List.of(), ConnectionPolicy.allowingControllerCredentials().refusals(step("", "", "")));
    }

    @Test
    void theDefaultAllowsAnyRoleAndEndpoint() {
        assertEquals(List.of(), ConnectionPolicy.DEFAULT.refusals(step("aws-ml", "http://127.0.0.1:1", OTHER)));
    }

    @Test
    void withTheControllersOwnCredentialsAnEmptyListAllowsNoEndpointOrRoleAPipelineChooses() {
        // An endpoint of the Jenkinsfile's choosing would receive AssumeRole requests signed by the controller.
        ConnectionPolicy controller = new ConnectionPolicy(true, AllowList.ANY, AllowList.ANY, GLOBAL);

        List<ConnectionPolicy.Refusal> refusals = controller.refusals(step("", "https://attacker.test", OTHER));

        assertEquals(List.of("roleArn", "endpointUrl"), refusals.stream().map(ConnectionPolicy.Refusal::parameter).toList());
        assertTrue(refusals.get(0).rule().contains("needs the administrator's list of allowed role ARNs when the controller's own AWS credentials are used"),
                refusals.get(0).rule());
        assertTrue(refusals.get(1).rule().contains("needs the administrator's list of allowed endpoint URLs"), refusals.get(1).rule());
    }

    @Test
    void withTheControllersOwnCredentialsTheAdministratorsDefaultsAndListedValuesAreAllowed() {
        ConnectionPolicy controller = new ConnectionPolicy(true, AllowList.ANY, AllowList.ANY, GLOBAL);
        assertEquals(List.of(), controller.refusals(step("", "https://gateway.example.com",
                "arn:aws:iam::123456789012:role/registry-gate")));

        ConnectionPolicy listed = new ConnectionPolicy(true, AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*"),
                AllowList.ofEndpointUrls("https://*.vpce.amazonaws.com"), GLOBAL);
        assertEquals(List.of(), listed.refusals(step("", "https://sagemaker.vpce.amazonaws.com", ML)));
    }

    @Test
    void withAJenkinsCredentialAnEmptyListStillAllowsAnyEndpointAndRole() {
        // The build could use that credential anyway: nothing of the controller's is lent.
        ConnectionPolicy controller = new ConnectionPolicy(true, AllowList.ANY, AllowList.ANY, GLOBAL);
        assertEquals(List.of(), controller.refusals(step("aws-ml", "https://anywhere.example", OTHER)));
    }

    @Test
    void aRefusedEndpointNeverShowsTheCredentialInItsUrl() {
        List<ConnectionPolicy.Refusal> refusals = lists.refusals(step("aws-ml", "https://ci:s3cret@attacker.test", ""));

        assertEquals("https://***@attacker.test", refusals.get(0).value());
        assertFalse(refusals.get(0).toString().contains("s3cret"), refusals.get(0).toString());
    }

    @Test
    void aRoleAndAnEndpointOffTheListsAreEachRefusedByParameter() {
        List<ConnectionPolicy.Refusal> refusals = lists.refusals(step("aws-ml", "https://attacker.test", OTHER));

        assertEquals(List.of("roleArn", "endpointUrl"), refusals.stream().map(ConnectionPolicy.Refusal::parameter).toList());
        assertEquals(OTHER, refusals.get(0).value());
        assertEquals("https://attacker.test", refusals.get(1).value());
    }

    @Test
    void valuesOnTheListsPass() {
        assertEquals(List.of(), lists.refusals(step("aws-ml", "https://vpce-1.api.sagemaker.eu-west-1.vpce.amazonaws.com", ML)));
    }

    @Test
    void theAdministratorsOwnDefaultsPassEvenWhenTheListsDoNotNameThem() {
        ConnectionSettings inherited = step("aws-ml", "", "").orElse(GLOBAL);

        assertEquals(List.of(), lists.refusals(inherited));
        assertEquals(List.of(), lists.refusals(step("aws-ml", "https://gateway.example.com", GLOBAL.roleArn().orElseThrow())));
    }

    @Test
    void aRefusalIsAPermanentRegistryErrorNamingEveryRule() {
        RegistryException e = assertThrows(RegistryException.class, () -> lists.check(step("", "https://attacker.test", OTHER)));

        assertTrue(e.isRefusedByPolicy());
        assertFalse(e.isTransient());
        assertFalse(e.isCredentialsFailure());
        assertTrue(e.getMessage().startsWith("Not allowed by the administrator: credentialsId: is required"), e.getMessage());
        assertTrue(e.getMessage().contains("; roleArn '" + OTHER + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("; endpointUrl 'https://attacker.test'"), e.getMessage());
    }
}
