package io.jenkins.plugins.registrygate.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.validation.InvalidParametersException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trigger's parameters: refused with the parameter and the rule named, before anything is registered. */
class ModelPackageApprovedTriggerTest {

    @Test
    void theGroupIsRequired() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class, () -> new ModelPackageApprovedTrigger(" "));

        assertTrue(e.getMessage().contains("modelPackageApproved") && e.getMessage().contains("group"), e.getMessage());
    }

    @Test
    void aGroupNameOutsideSageMakersRuleIsRefused() {
        InvalidParametersException e = assertThrows(InvalidParametersException.class,
                () -> new ModelPackageApprovedTrigger("churn_model"));

        assertTrue(e.getMessage().contains("group 'churn_model'") && e.getMessage().contains("letters, digits and hyphens"),
                e.getMessage());
    }

    @Test
    void theStatusIsApprovedUnlessSaidOtherwise() {
        assertEquals("Approved", new ModelPackageApprovedTrigger("churn-model").getStatus());
    }

    @Test
    void theStatusIsSpelledAsTheRegistrySpellsIt() {
        ModelPackageApprovedTrigger t = new ModelPackageApprovedTrigger("churn-model");

        t.setStatus("rejected");

        assertEquals("Rejected", t.getStatus());
    }

    @Test
    void aStatusTheRegistryDoesNotHaveIsRefused() {
        ModelPackageApprovedTrigger t = new ModelPackageApprovedTrigger("churn-model");

        InvalidParametersException e = assertThrows(InvalidParametersException.class, () -> t.setStatus("Deployed"));

        assertTrue(e.getMessage().contains("status 'Deployed': must be one of Approved, Rejected, PendingManualApproval"),
                e.getMessage());
    }

    @Test
    void aRoleArnThatIsNotOneIsRefused() {
        ModelPackageApprovedTrigger t = new ModelPackageApprovedTrigger("churn-model");

        InvalidParametersException e = assertThrows(InvalidParametersException.class, () -> t.setRoleArn("admin"));

        assertTrue(e.getMessage().contains("roleArn 'admin'"), e.getMessage());
    }

    @Test
    void aRegionThatIsNotOneIsRefused() {
        ModelPackageApprovedTrigger t = new ModelPackageApprovedTrigger("churn-model");

        assertThrows(InvalidParametersException.class, () -> t.setRegion("Ireland"));
    }

    @Test
    void anExternalIdWithoutItsRoleIsRefusedWhenTheConnectionIsUsed() {
        ModelPackageApprovedTrigger t = new ModelPackageApprovedTrigger("churn-model");
        t.setExternalId("jenkins-prod");

        InvalidParametersException e = assertThrows(InvalidParametersException.class, t::connection);

        assertTrue(e.getMessage().contains("externalId") && e.getMessage().contains("only applies together with roleArn"),
                e.getMessage());
    }

    @Test
    void aJobConfigurationWrittenWithoutTheOptionalFieldsReadsBackWithTheirDefaults() {
        com.thoughtworks.xstream.XStream x = new com.thoughtworks.xstream.XStream();
        x.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrygate.**"});
        String xml = "<" + ModelPackageApprovedTrigger.class.getName() + "><group>churn-model</group></"
                + ModelPackageApprovedTrigger.class.getName() + ">";

        ModelPackageApprovedTrigger t = (ModelPackageApprovedTrigger) x.fromXML(xml);

        assertEquals("churn-model", t.getGroup());
        assertEquals("Approved", t.getStatus());
        assertEquals("", t.getCredentialsId());
        assertEquals("", t.getRegion());
        assertEquals(Optional.empty(), t.connection().roleArn(), "a usable connection: the global defaults");
    }

    @Test
    void theTriggersConnectionParametersOverrideTheGlobalDefaults() {
        ModelPackageApprovedTrigger t = new ModelPackageApprovedTrigger("churn-model");
        t.setRegion("eu-west-1");
        t.setCredentialsId("team-b-aws");

        ConnectionSettings c = t.connection();

        assertEquals(Optional.of("eu-west-1"), c.region());
        assertEquals(Optional.of("team-b-aws"), c.credentialsId());
    }
}
