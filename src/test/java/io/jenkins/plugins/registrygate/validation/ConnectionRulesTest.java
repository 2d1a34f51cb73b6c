package io.jenkins.plugins.registrygate.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import org.junit.jupiter.api.Test;

/** The connection parameters' rules never echo a credential someone put in an endpoint URL. */
class ConnectionRulesTest {

    @Test
    void aMalformedUrlIsRefusedWithoutQuotingItsCredential() {
        // URISyntaxException's own message ends with the whole input.
        String problem = ConnectionRules.endpointProblem("https://ci:p^w@host").orElseThrow();

        assertTrue(problem.startsWith("must be a URL: "), problem);
        assertFalse(problem.contains("p^w"), problem);
    }

    @Test
    void theRefusalOfAUrlWithCredentialsMasksThem() {
        ParameterRules rules = new ParameterRules("registerModel");
        ConnectionRules.check(rules, ConnectionSettings.DEFAULTS, "https://ci:s3cret@sagemaker.example.com", "", "");

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, rules::throwIfAny);
        assertTrue(e.getMessage().contains("endpointUrl 'https://***@sagemaker.example.com'"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
}
