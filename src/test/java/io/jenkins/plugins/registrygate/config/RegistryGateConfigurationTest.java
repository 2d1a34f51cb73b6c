package io.jenkins.plugins.registrygate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.CallRate;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The global configuration's security settings and rate limit, as the client cache gets them. */
class RegistryGateConfigurationTest {

    final RegistryGateConfiguration config = new RegistryGateConfiguration();
    final ConnectionSettings noCredentialsId = new ConnectionSettings("eu-west-1", "", "", "", "");

    @Test
    void theControllersOwnCredentialsAreOffUntilAnAdministratorTurnsThemOn() {
        assertFalse(config.isAllowControllerCredentials());
        assertEquals("credentialsId", config.toPolicy().refusals(noCredentialsId).get(0).parameter());

        config.setAllowControllerCredentials(true);

        assertEquals(List.of(), config.toPolicy().refusals(noCredentialsId));
    }

    @Test
    void theAllowListsAreOnePatternPerLine() {
        config.setAllowedRoleArns("arn:aws:iam::123456789012:role/ml-*\r\n# the registry reader of account B\r\narn:aws:iam::210987654321:role/reader\r\n");
        config.setAllowedEndpointUrls("https://*.vpce.amazonaws.com\n");

        ConnectionPolicy p = config.toPolicy();

        assertEquals(List.of("arn:aws:iam::123456789012:role/ml-*", "arn:aws:iam::210987654321:role/reader"), p.roleArns().patterns());
        assertEquals(List.of("https://*.vpce.amazonaws.com"), p.endpointUrls().patterns());
    }

    @Test
    void theAdministratorsOwnRoleIsNotSubjectToTheList() {
        config.setCredentialsId("aws-ml");
        config.setRoleArn("arn:aws:iam::123456789012:role/registry-gate");
        config.setAllowedRoleArns("arn:aws:iam::123456789012:role/ml-*");

        assertEquals(List.of(), config.toPolicy().refusals(config.toSettings()));
        assertEquals("roleArn", config.toPolicy().refusals(new ConnectionSettings("", "", "aws-ml",
                "arn:aws:iam::123456789012:role/other", "")).get(0).parameter());
    }

    @Test
    void theRateLimitDefaultsToTenCallsASecondAndZeroTurnsItOff() {
        assertEquals(CallRate.DEFAULT, config.toCallRate());

        config.setApiCallsPerSecond(0);

        assertFalse(config.toCallRate().isLimited());
    }

    @Test
    void aRateOutsideTheRangeIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.setApiCallsPerSecond(1001));

        assertTrue(e.getMessage().contains("between 0 (no limit) and 1000"), e.getMessage());
        assertEquals(CallRate.DEFAULT.perSecond(), config.getApiCallsPerSecond());
    }

    @Test
    void withoutJenkinsTheDefaultsApply() {
        assertEquals(ConnectionPolicy.DEFAULT, RegistryGateConfiguration.connectionPolicy());
        assertEquals(CallRate.DEFAULT, RegistryGateConfiguration.callRate());
    }

    @Test
    void aChangedSettingReplacesTheRulesInForce() {
        ConnectionPolicy before = config.toPolicy();
        assertEquals(before, config.toPolicy());

        config.setAllowedRoleArns("arn:aws:iam::123456789012:role/ml-*");

        assertEquals(List.of("arn:aws:iam::123456789012:role/ml-*"), config.toPolicy().roleArns().patterns());
    }
}
