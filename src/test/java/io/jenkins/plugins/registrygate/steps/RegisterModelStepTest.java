package io.jenkins.plugins.registrygate.steps;

import static io.jenkins.plugins.registrygate.testing.ProgramState.load;
import static io.jenkins.plugins.registrygate.testing.ProgramState.save;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.audit.RegistrationRecord;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.TestRun;
import io.jenkins.plugins.registrygate.testing.TestStepContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

/** registerModel through its Step and StepExecution, as Pipeline drives it. */
class RegisterModelStepTest extends StepTestSupport {

    RegisterModelStep churn() {
        RegisterModelStep s = at(new RegisterModelStep("churn-model", RegistryFixture.IMAGE));
        s.setModelDataUrl("s3://models/churn/42/model.tar.gz");
        s.setMetrics(List.of("auc=0.91", "accuracy=0.93"));
        s.setCustomerMetadata(List.of("team=risk"));
        s.setDataVersion("s3v-2026-03-01");
        s.setTags(List.of("cost-center=ml"));
        return s;
    }

    @Test
    void parametersArriveAndTheVersionIsReturned() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);

        StepExecution exec = churn().start(ctx);
        assertFalse(exec.start(), "registration runs off the Pipeline thread");

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) ctx.result();
        assertEquals("churn-model", result.get("modelPackageGroup"));
        assertEquals(1, result.get("modelPackageVersion"));
        assertEquals("PendingManualApproval", result.get("approvalStatus"));
        String arn = (String) result.get("modelPackageArn");
        var d = fx.registry().describe(arn);
        assertEquals("0.91", d.customerMetadata().get("metric:auc"));
        assertEquals("risk", d.customerMetadata().get("team"));
        assertEquals("s3v-2026-03-01", d.customerMetadata().get("data:version"));
        assertEquals("dave", d.customerMetadata().get("jenkins:registered-by"));
        assertEquals("https://jenkins.example.com/job/churn/42/", d.customerMetadata().get("jenkins:build-url"));
    }

    @Test
    void theConsoleSaysWhatWasRegisteredAndWhichLineageWasUsed() throws Exception {
        TestStepContext ctx = context(run(42, "dave"));
        churn().start(ctx).start();
        String arn = (String) ((Map<?, ?>) ctx.result()).get("modelPackageArn");

        String console = log.text();
        assertTrue(console.contains("[registerModel] Registered churn-model version 1 (PendingManualApproval): " + arn), console);
        assertTrue(console.contains("[registerModel] Created model package group churn-model"), console);
        assertTrue(console.contains("lineage: gitCommit = 9fceb02d0ae598e95dc970b74767f19372d61af8 (captured from $GIT_COMMIT)"), console);
        assertTrue(console.contains("lineage: dataVersion = s3v-2026-03-01 (given as the dataVersion parameter)"), console);
    }

    @Test
    void theRegistrationIsRecordedInTheBuildAction() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        churn().start(ctx).start();
        ctx.result();

        RegistryGateAction action = run.getAction(RegistryGateAction.class);
        RegistrationRecord r = action.registrationRecords().get(0);
        assertEquals(1, r.getVersion());
        assertTrue(r.isGroupCreated());
        assertEquals("dave", r.getRegisteredBy());
        assertEquals(r.getModelPackageArn(), action.getRegistrations().get(0).get("modelPackageArn"));
    }

    @Test
    void badInputFailsTheStepBeforeAnyAwsCall() throws Exception {
        RegisterModelStep s = at(new RegisterModelStep("bad_name!", RegistryFixture.IMAGE));
        s.setMetrics(List.of("auc"));
        s.setApprovalStatus("Approvedd");
        StepExecution exec = s.start(context(run(42, "dave")));

        AbortException e = assertThrows(AbortException.class, exec::start);

        assertTrue(e.getMessage().startsWith("registerModel: 3 invalid parameters:"), e.getMessage());
        assertTrue(e.getMessage().contains("metrics 'auc': each entry must be 'key=value'"), e.getMessage());
        assertTrue(e.getMessage().contains("modelPackageGroup 'bad_name!'"), e.getMessage());
        assertEquals(0, fx.emulator.calls().size());
    }

    @Test
    void badConnectionParametersAreRefusedToo() throws Exception {
        RegisterModelStep s = churn();
        s.setRegion("Europe");
        s.setEndpointUrl("https://user:pw@sagemaker.example.com");
        s.setExternalId("ext-1");

        AbortException e = assertThrows(AbortException.class, () -> s.start(context(run(42, "dave"))).start());

        assertTrue(e.getMessage().contains("region 'Europe': must be an AWS region code"), e.getMessage());
        assertTrue(e.getMessage().contains("endpointUrl"), e.getMessage());
        assertTrue(e.getMessage().contains("externalId: only applies together with roleArn"), e.getMessage());
        assertFalse(e.getMessage().contains("pw@"), "the credential in the URL is not echoed: " + e.getMessage());
    }

    @Test
    void anAwsErrorNamesTheOperationTheCodeAndTheRequestId() throws Exception {
        fx.emulator.faults().on("CreateModelPackage").every().error(400, "AccessDeniedException", "not authorized to sagemaker:CreateModelPackage");
        TestStepContext ctx = context(run(42, "dave"));
        churn().start(ctx).start();

        Throwable failure = ctx.failure();

        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("SageMaker CreateModelPackage failed: AccessDeniedException: not authorized"), failure.getMessage());
        assertTrue(failure.getMessage().matches(".*\\(request id [0-9a-f-]{36}\\)"), failure.getMessage());
    }

    @Test
    void anExecutionSerializedAfterRegisteringResumesWithTheSameResultAndNoCalls() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        StepExecution exec = churn().start(ctx);
        exec.start();
        Object first = ctx.result();
        byte[] saved = save(exec);
        fx.emulator.clearCalls();

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        StepExecution resumed = (StepExecution) load(saved);
        resumed.onResume();

        assertEquals(first, after.result());
        assertEquals(0, fx.emulator.calls().size());
    }

    /**
     * Starts registerModel; the service creates the version, but the controller goes down (program state saved)
     * before the answer arrives. Returns the saved execution.
     */
    byte[] interruptedMidCreate(TestStepContext ctx) throws Exception {
        fx.emulator.faults().on("CreateModelPackage").call(1).afterApplying().latency(Duration.ofMillis(400));
        StepExecution exec = churn().start(ctx);
        exec.start();
        byte[] saved = save(exec);
        restartController();
        return saved;
    }

    @Test
    void anExecutionInterruptedMidCallResumesWithoutASecondVersion() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        byte[] saved = interruptedMidCreate(ctx);

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        StepExecution resumed = (StepExecution) load(saved);
        resumed.onResume();

        Map<?, ?> result = (Map<?, ?>) after.result();
        assertEquals(1, result.get("modelPackageVersion"));
        assertEquals(1, fx.console().listModelPackages(b -> b.modelPackageGroupName("churn-model")).modelPackageSummaryList().size());
        assertEquals(1, run.getAction(RegistryGateAction.class).registrationRecords().size());
    }

    @Test
    void aResumeAfterJenkinsMovedToAnotherUrlSendsTheSameRequestAgain() throws Exception {
        TestRun run = run(42, "dave");
        TestStepContext ctx = context(run);
        byte[] saved = interruptedMidCreate(ctx);
        var moved = env(42);
        moved.put("BUILD_URL", "https://ci.example.org/job/churn/42/");

        TestStepContext after = ctx.restartAs(run, log, moved, runtime);
        StepExecution resumed = (StepExecution) load(saved);
        resumed.onResume();

        assertEquals(1, ((Map<?, ?>) after.result()).get("modelPackageVersion"));
        assertEquals(1, fx.console().listModelPackages(b -> b.modelPackageGroupName("churn-model")).modelPackageSummaryList().size());
        assertEquals("https://jenkins.example.com/job/churn/42/",
                fx.registry().describe((String) ((Map<?, ?>) after.result()).get("modelPackageArn")).customerMetadata().get("jenkins:build-url"));
    }
}
