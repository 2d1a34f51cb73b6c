package io.jenkins.plugins.registrygate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.thoughtworks.xstream.XStream;
import hudson.util.FormValidation;
import io.jenkins.plugins.registrygate.gates.GateCheck;
import io.jenkins.plugins.registrygate.gates.WaivableChecks;
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
    void aPersonsApprovalIsNotRequiredToDeployUntilAnAdministratorSaysSo() {
        assertFalse(config.isRequireHumanApproval());
        assertFalse(config.toDeploymentDefaults().requireHumanApproval());

        config.setRequireHumanApproval(true);

        assertTrue(config.toDeploymentDefaults().requireHumanApproval());
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
        assertEquals(WaivableChecks.DEFAULT, RegistryGateConfiguration.deploymentDefaults().waivableChecks());
    }

    @Test
    void byDefaultPipelinesMayWaiveEveryWaivableCheckButSeparationOfDuties() {
        assertEquals("modelCard\nriskRating\nrequiredMetadata\nmodelArtifact\nartifactKey\nimage\nexecutionRole\nalarms",
                config.getWaivableChecks());
        assertEquals(WaivableChecks.DEFAULT, config.toDeploymentDefaults().waivableChecks());
    }

    @Test
    void theWaivableChecksAreOnePerLine() {
        config.setWaivableChecks("modelCard\r\n# lets the approver deploy: only for the on-call team's controller\r\nseparationOfDuties\r\n");

        assertEquals(List.of(GateCheck.MODEL_CARD, GateCheck.SEPARATION_OF_DUTIES),
                config.toDeploymentDefaults().waivableChecks().ids().stream().map(id -> GateCheck.byId(id).orElseThrow()).toList());
    }

    @Test
    void anEmptyListLetsPipelinesWaiveNothing() {
        config.setWaivableChecks("");

        assertEquals(List.of(), config.toDeploymentDefaults().waivableChecks().ids());
    }

    @Test
    void aNameThatIsNoCheckIsRefusedNamingTheValidOnesAndTheListIsKept() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.setWaivableChecks("modelCard\nmodel-card"));

        assertTrue(e.getMessage().contains("'model-card' is not a gate check; the checks that can be waived are modelCard, riskRating,"),
                e.getMessage());
        assertEquals(WaivableChecks.DEFAULT, config.toDeploymentDefaults().waivableChecks());
        FormValidation form = RegistryGateConfiguration.waivableChecksProblem("modelCard\nmodel-card");
        assertEquals(FormValidation.Kind.ERROR, form.kind);
        assertTrue(form.getMessage().contains("is not a gate check; the checks that can be waived are modelCard, riskRating, requiredMetadata, "
                + "separationOfDuties, modelArtifact, artifactKey, image, executionRole, alarms"), form.getMessage());
    }

    @Test
    void aCheckThatCanNeverBeWaivedIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.setWaivableChecks("approvalStatus"));

        assertTrue(e.getMessage().contains("can never be waived"), e.getMessage());
        assertEquals(FormValidation.Kind.ERROR, RegistryGateConfiguration.waivableChecksProblem("image\npackageStatus").kind);
    }

    @Test
    void theFormWarnsWhenPipelinesMayWaiveSeparationOfDuties() {
        assertEquals(FormValidation.Kind.OK, RegistryGateConfiguration.waivableChecksProblem(config.getWaivableChecks()).kind);
        FormValidation form = RegistryGateConfiguration.waivableChecksProblem("separationOfDuties");
        assertEquals(FormValidation.Kind.WARNING, form.kind);
        assertTrue(form.getMessage().contains("may deploy it themselves"), form.getMessage());
    }

    @Test
    void theWaivableChecksAreSavedAndReadBack() {
        config.setWaivableChecks("image\nalarms");
        String xml = xstream().toXML(config);

        RegistryGateConfiguration loaded = (RegistryGateConfiguration) xstream().fromXML(xml, new RegistryGateConfiguration());

        assertEquals(List.of("image", "alarms"), loaded.toDeploymentDefaults().waivableChecks().ids());
    }

    @Test
    void aConfigurationSavedBeforeTheSettingExistedGetsTheDefault() {
        config.setWaivableChecks("image");
        String xml = xstream().toXML(config).replaceAll("\\s*<waivableChecks>[^<]*</waivableChecks>", "");
        assertFalse(xml.contains("waivableChecks"), xml);

        RegistryGateConfiguration loaded = (RegistryGateConfiguration) xstream().fromXML(xml, new RegistryGateConfiguration());

        assertEquals(WaivableChecks.DEFAULT, loaded.toDeploymentDefaults().waivableChecks());
    }

    /** As Jenkins' XmlFile reads the configuration into the extension's instance. */
    static XStream xstream() {
        XStream x = new XStream();
        x.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrygate.**", "hudson.**", "jenkins.**"});
        return x;
    }

    @Test
    void aChangedSettingReplacesTheRulesInForce() {
        ConnectionPolicy before = config.toPolicy();
        assertEquals(before, config.toPolicy());

        config.setAllowedRoleArns("arn:aws:iam::123456789012:role/ml-*");

        assertEquals(List.of("arn:aws:iam::123456789012:role/ml-*"), config.toPolicy().roleArns().patterns());
    }
}
