package io.jenkins.plugins.registrygate.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.registry.AllowList;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.ConnectionPolicy;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.TestStepContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The administrator's rules refuse a step when it starts, with every broken rule named by parameter, before any
 * credential is looked up, any client built or any AWS call made.
 */
class ConnectionRulesAtStepStartTest extends StepTestSupport {

    static final String ML_ROLE = "arn:aws:iam::123456789012:role/ml-deployer";
    static final String OTHER_ROLE = "arn:aws:iam::123456789012:role/admin";

    void under(ConnectionPolicy policy) {
        runtime.close();
        runtime = new RegistryGateRuntime(fx.clock, FAST, new AwsClients().withPolicy(() -> policy));
    }

    RegisterModelStep register() {
        return at(new RegisterModelStep("churn-model", RegistryFixture.IMAGE));
    }

    AwaitApprovalStep await() {
        return at(new AwaitApprovalStep("arn:aws:sagemaker:" + fx.emulator.region() + ":123456789012:model-package/churn-model/1"));
    }

    void assertNothingWasCalled() {
        assertEquals(List.of(), fx.emulator.calls());
        assertEquals(0, runtime.clients().size(), "no client was built");
    }

    @Test
    void registerModelWithoutCredentialsIsRefusedUnlessTheAdministratorAllowsTheControllersOwn() throws Exception {
        under(ConnectionPolicy.DEFAULT);

        AbortException e = assertThrows(AbortException.class, () -> register().start(context(run(42, "dave"))).start());

        assertTrue(e.getMessage().startsWith("registerModel: invalid parameter: credentialsId: is required"), e.getMessage());
        assertTrue(e.getMessage().contains("allowControllerCredentials: true"), e.getMessage());
        assertNothingWasCalled();
    }

    @Test
    void awaitApprovalWithoutCredentialsIsRefusedUnlessTheAdministratorAllowsTheControllersOwn() throws Exception {
        under(ConnectionPolicy.DEFAULT);

        AbortException e = assertThrows(AbortException.class, () -> await().start(context(run(42, "dave"))).start());

        assertTrue(e.getMessage().startsWith("awaitApproval: invalid parameter: credentialsId: is required"), e.getMessage());
        assertNothingWasCalled();
    }

    @Test
    void aRoleTheAllowListDoesNotNameIsRefusedByName() throws Exception {
        under(new ConnectionPolicy(true, AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*"), AllowList.ANY,
                ConnectionSettings.DEFAULTS));
        RegisterModelStep step = register();
        step.setRoleArn(OTHER_ROLE);

        AbortException e = assertThrows(AbortException.class, () -> step.start(context(run(42, "dave"))).start());

        assertTrue(e.getMessage().contains("roleArn '" + OTHER_ROLE + "': is not in the administrator's list of allowed role ARNs"),
                e.getMessage());
        assertNothingWasCalled();
    }

    @Test
    void anEndpointTheAllowListDoesNotNameIsRefusedByName() throws Exception {
        under(new ConnectionPolicy(true, AllowList.ANY, AllowList.ofEndpointUrls("https://*.vpce.amazonaws.com"),
                ConnectionSettings.DEFAULTS));

        AbortException e = assertThrows(AbortException.class, () -> await().start(context(run(42, "dave"))).start());

        assertTrue(e.getMessage().contains("endpointUrl '" + fx.emulator.endpoint() + "': is not in the administrator's list"),
                e.getMessage());
        assertNothingWasCalled();
    }

    @Test
    void everyBrokenRuleIsNamedAtOnce() throws Exception {
        under(new ConnectionPolicy(false, AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*"),
                AllowList.ofEndpointUrls("https://*.vpce.amazonaws.com"), ConnectionSettings.DEFAULTS));
        RegisterModelStep step = register();
        step.setRoleArn(OTHER_ROLE);

        AbortException e = assertThrows(AbortException.class, () -> step.start(context(run(42, "dave"))).start());

        assertTrue(e.getMessage().startsWith("registerModel: 3 invalid parameters:"), e.getMessage());
    }

    @Test
    void aRoleOnTheAllowListIsAcceptedAndTheStepGoesAhead() throws Exception {
        under(new ConnectionPolicy(true, AllowList.ofRoleArns("arn:aws:iam::123456789012:role/ml-*"),
                AllowList.ofEndpointUrls("http://127.0.0.1:*"), ConnectionSettings.DEFAULTS));
        RegisterModelStep step = register();
        step.setRoleArn(ML_ROLE);
        TestStepContext ctx = context(run(42, "dave"));

        assertFalse(step.start(ctx).start(), "accepted: the registration runs off the Pipeline thread");
        // The emulator serves no STS, so assuming the role fails there: after the start, not at it.
        assertTrue(ctx.failure().getMessage().contains("could not load the credentials (role " + ML_ROLE), ctx.failure().getMessage());
    }
}
