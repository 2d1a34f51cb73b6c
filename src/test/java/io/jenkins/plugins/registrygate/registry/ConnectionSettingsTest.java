package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Step parameters over the global configuration over the SDK default chains. */
class ConnectionSettingsTest {

    static final ConnectionSettings GLOBAL = new ConnectionSettings("eu-west-1", "", "global-creds",
            "arn:aws:iam::123456789012:role/deployer", "ext-global");

    @Test
    void stepValuesWinOverGlobalOnes() {
        ConnectionSettings step = new ConnectionSettings("us-east-1", "", "", "", "");

        ConnectionSettings used = step.orElse(GLOBAL);

        assertEquals(Optional.of("us-east-1"), used.region());
        assertEquals(Optional.of("global-creds"), used.credentialsId());
    }

    @Test
    void whatNeitherSetsIsLeftToTheSdkDefaultChains() {
        ConnectionSettings used = ConnectionSettings.DEFAULTS.orElse(ConnectionSettings.DEFAULTS);

        assertEquals(Optional.empty(), used.region());
        assertEquals(Optional.empty(), used.credentialsId());
        assertEquals(Optional.empty(), used.endpoint());
    }

    @Test
    void aRoleAndItsExternalIdAreNeverMixedAcrossLayers() {
        ConnectionSettings step = new ConnectionSettings("", "", "", "arn:aws:iam::123456789012:role/other", "");

        ConnectionSettings used = step.orElse(GLOBAL);

        assertEquals(Optional.of("arn:aws:iam::123456789012:role/other"), used.roleArn());
        assertEquals(Optional.empty(), used.externalId(), "the global external id belongs to the global role");
    }

    @Test
    void theDescriptionNamesTheCredentialsIdNeverASecret() {
        String d = GLOBAL.describe();

        assertTrue(d.contains("credentials=global-creds"), d);
        assertTrue(!d.contains("ext-global"), "the external id is not logged: " + d);
    }
}
