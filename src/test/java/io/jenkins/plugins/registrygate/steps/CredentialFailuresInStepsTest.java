package io.jenkins.plugins.registrygate.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.ServiceRouter;
import io.jenkins.plugins.registrygate.testing.StsStub;
import io.jenkins.plugins.registrygate.testing.TestStepContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials that cannot be loaded end the step at once instead of being retried until its deadline: an approval
 * wait retries what may pass (throttling, no answer) for as long as it waits, so this shows the classification
 * reaches it. STS refuses the role; SageMaker (the emulator) and STS share the step's endpoint.
 */
class CredentialFailuresInStepsTest extends StepTestSupport {

    static final String ROLE = "arn:aws:iam::123456789012:role/model-deployer";

    final StsStub sts = new StsStub().failWith(403, "AccessDenied");
    final ServiceRouter endpoint = ServiceRouter.start(Map.of("sagemaker", ServiceRouter.forwardTo(fx.emulator.endpoint()), "sts", sts));

    @AfterEach
    void stopEndpoint() {
        endpoint.close();
    }

    <S extends RegistryStep> S throughRole(S step) {
        at(step).setEndpointUrl(endpoint.endpoint().toString());
        step.setRoleArn(ROLE);
        return step;
    }

    @Test
    void anAwaitApprovalWhoseRoleStsRefusesFailsAtOnceNamingTheRole() throws Exception {
        RegistrationRequest r = RegistrationRequest.builder("churn-model", RegistryFixture.IMAGE).build();
        ModelPackageRef ref = new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), "churn#41", "dave")).ref();
        fx.emulator.clearCalls();
        TestStepContext ctx = context(run(42, "dave"));

        throughRole(new AwaitApprovalStep(ref.arn())).start(ctx).start();

        String failure = ctx.failure().getMessage();
        assertTrue(failure.contains("AccessDenied: could not load the credentials (role " + ROLE + " assumed as session churn-42)"), failure);
        assertEquals(1, sts.requests().size(), "asked once: a refusal is not retried");
        assertEquals(List.of(), fx.emulator.calls(), "SageMaker was never called");
    }

    @Test
    void aRegisterModelWhoseRoleStsRefusesFailsNamingTheRole() throws Exception {
        TestStepContext ctx = context(run(42, "dave"));

        throughRole(new RegisterModelStep("churn-model", RegistryFixture.IMAGE)).start(ctx).start();

        assertTrue(ctx.failure().getMessage().contains("AccessDenied: could not load the credentials (role " + ROLE), ctx.failure().getMessage());
        assertEquals(List.of(), fx.emulator.calls());
    }
}
