package io.jenkins.plugins.registrygate.steps;

import static io.jenkins.plugins.registrygate.testing.ProgramState.load;
import static io.jenkins.plugins.registrygate.testing.ProgramState.save;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import hudson.model.CauseAction;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;
import io.jenkins.plugins.registrygate.approvals.FixedSeal;
import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.deployment.Deployment;
import io.jenkins.plugins.registrygate.deployment.DeploymentParameters;
import io.jenkins.plugins.registrygate.gates.CheckOutcome;
import io.jenkins.plugins.registrygate.gates.GateCheck;
import io.jenkins.plugins.registrygate.gates.GateCheckResult;
import io.jenkins.plugins.registrygate.gates.WaivableChecks;
import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.DeploymentAccount;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import io.jenkins.plugins.registrygate.testing.TestRun;
import io.jenkins.plugins.registrygate.testing.TestStepContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** deployApproved through its Step and StepExecution, as Pipeline drives it, on the runtime's real threads. */
class DeployApprovedStepTest extends StepTestSupport {

    DeploymentAccount account;

    @BeforeEach
    void account() {
        account = new DeploymentAccount(fx);
        runtime.withDeploymentSettings(FAST_POLLS);
    }

    /** The emulator's endpoints settle at once: poll at once too, instead of SageMaker's 30 seconds. */
    static final Deployment.Settings FAST_POLLS = new Deployment.Settings(Duration.ofMillis(20), Duration.ofMillis(200));

    DeployApprovedStep deploy(String arn) {
        DeployApprovedStep s = at(new DeployApprovedStep("churn-prod"));
        s.setModelPackageArn(arn);
        s.setInstanceType("ml.m5.large");
        s.setExecutionRoleArn(account.roleArn());
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resultOf(TestStepContext ctx) throws Exception {
        return (Map<String, Object>) ctx.result();
    }

    @Test
    void anApprovedVersionIsDeployedAndTheStepReturnsWhatServes() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);

        StepExecution exec = deploy(v1.arn()).start(ctx);
        assertFalse(exec.start(), "the deployment holds no thread: the step returns at once");
        Map<String, Object> result = resultOf(ctx);

        assertEquals("DEPLOYED", result.get("outcome"));
        assertEquals(v1.arn(), result.get("modelPackageArn"));
        assertEquals("churn-prod", result.get("endpointName"));
        assertEquals("maria", result.get("approvedBy"));
        assertEquals(v1.arn(), account.servedPackage("churn-prod"));
        assertTrue(log.text().contains("[deployApproved] gate approvalStatus: passed: Approved"), log.text());
    }

    @Test
    void theDeploymentIsRecordedInTheBuildAndItsRestApi() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);
        deploy(v1.arn()).start(ctx).start();
        ctx.result();

        RegistryGateAction action = run.getAction(RegistryGateAction.class);
        DeploymentRecord r = action.deploymentRecords().get(0);
        assertEquals("d-1", r.getId());
        assertEquals("DEPLOYED", r.getOutcome());
        assertEquals(11, r.getGate().size());
        Map<String, Object> exported = action.getDeployments().get(0);
        assertEquals(v1.arn(), exported.get("modelPackageArn"));
        assertEquals(1, action.getDeployments().size());
    }

    @Test
    void badInputFailsTheStepBeforeAnyAwsCall() throws Exception {
        DeployApprovedStep s = deploy("churn-model/1");
        s.setTrafficShifting("canary");
        s.setWaive(List.of("approvalStatus=trust me"));
        TestStepContext ctx = context(run(42, "erin"));
        fx.emulator.clearCalls();

        AbortException e = assertThrows(AbortException.class, () -> s.start(ctx).start());

        assertTrue(e.getMessage().startsWith("deployApproved: 3 invalid parameters:"), e.getMessage());
        assertTrue(e.getMessage().contains("modelPackageArn 'churn-model/1'"), e.getMessage());
        assertTrue(e.getMessage().contains("canarySize: is required"), e.getMessage());
        assertTrue(e.getMessage().contains("can never be waived"), e.getMessage());
        assertEquals(List.of(), fx.emulator.calls());
    }

    @Test
    void withoutARegionBadInputIsStillNamedInFullBeforeAnyClientIsBuilt() throws Exception {
        // No region in the step or the defaults: the SDK's region chain is asked only once the parameters are valid.
        DeployApprovedStep s = deploy("churn-model/1");
        s.setRegion("");
        s.setCredentialsId("no-such-credential");
        s.setTrafficShifting("canary");
        TestStepContext ctx = context(run(42, "erin"));
        fx.emulator.clearCalls();

        AbortException e = assertThrows(AbortException.class, () -> s.start(ctx).start());

        assertTrue(e.getMessage().startsWith("deployApproved: 2 invalid parameters:"), e.getMessage());
        assertTrue(e.getMessage().contains("modelPackageArn 'churn-model/1'"), e.getMessage());
        assertTrue(e.getMessage().contains("canarySize: is required"), e.getMessage());
        assertEquals(List.of(), fx.emulator.calls());
    }

    @Test
    void theMapAwaitApprovalReturnedIsAcceptedAndARejectionRefusedBeforeAnyCall() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        DeployApprovedStep rejected = deploy(v1.arn());
        rejected.setDecision("Rejected");
        rejected.setDecidedBy("bob");
        rejected.setPath("Jenkins");
        rejected.setSignoffs(List.of());
        fx.emulator.clearCalls();
        assertThrows(AbortException.class, () -> rejected.start(context(run(41, "erin"))).start());
        assertEquals(List.of(), fx.emulator.calls());

        DeployApprovedStep approved = deploy(v1.arn());
        approved.setDecision("Approved");
        approved.setApprovalStatus("Approved");
        approved.setEvidence(List.of("auc >= 0.85: holds"));
        TestStepContext ctx = context(run(42, "erin"));
        approved.start(ctx).start();
        assertEquals("DEPLOYED", resultOf(ctx).get("outcome"));
    }

    @Test
    void aGateRefusalFailsTheStepWithEveryReasonAndChangesNothing() throws Exception {
        ModelPackageRef v1 = account.register(1, "Draft");
        TestRun run = run(42, "maria");
        TestStepContext ctx = context(run);
        account.approve(v1);

        deploy(v1.arn()).start(ctx).start();
        Throwable failure = ctx.failure();

        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().startsWith("deployApproved: refused:"), failure.getMessage());
        assertTrue(failure.getMessage().contains("modelCard: failed"), failure.getMessage());
        assertTrue(failure.getMessage().contains("separationOfDuties: failed: maria approved the version and is deploying it"),
                failure.getMessage());
        assertTrue(fx.emulator.calls().stream().noneMatch(c -> c.operation().equals("CreateModel")));
        assertEquals("REFUSED", run.getAction(RegistryGateAction.class).deploymentRecords().get(0).getOutcome());
    }

    @Test
    void anExecutionSavedAfterDeployingResumesWithTheSameResultAndNoCalls() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);
        StepExecution exec = deploy(v1.arn()).start(ctx);
        exec.start();
        Object first = ctx.result();
        byte[] saved = save(exec);
        restartController();
        fx.emulator.clearCalls();

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        ((StepExecution) load(saved)).onResume();

        assertEquals(first, after.result());
        assertEquals(List.of(), fx.emulator.calls());
    }

    /** The runtime on a scheduler the test drives: nothing runs until the test says so. */
    ManualScheduledExecutor manualRuntime() {
        runtime.close();
        ManualScheduledExecutor manual = new ManualScheduledExecutor(fx.clock);
        runtime = new RegistryGateRuntime(fx.clock, FAST, controllerCredentialsAllowed(), manual, manual).withDecisionSeal(FixedSeal.SEAL);
        return manual;
    }

    @Test
    void theBuildRecordsTheDeploymentAndItsEndpointBeforeAnyAwsCall() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        ManualScheduledExecutor manual = manualRuntime();
        TestRun run = run(42, "erin");
        fx.emulator.clearCalls();
        deploy(v1.arn()).start(context(run)).start();

        DeploymentRecord r = run.getAction(RegistryGateAction.class).deploymentRecords().get(0);
        assertEquals("ADMITTING", r.getOutcome());
        assertEquals("churn-prod", r.getEndpointName());
        assertEquals(List.of(), fx.emulator.calls());
        manual.runDue();
    }

    @Test
    void stoppingTheBuildFailsTheStepOnceWithItsCause() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        ManualScheduledExecutor manual = manualRuntime();
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);
        StepExecution exec = deploy(v1.arn()).start(ctx);
        exec.start();
        manual.runDue();
        assertEquals("ROLLING_OUT", run.getAction(RegistryGateAction.class).deploymentRecords().get(0).getOutcome());

        FlowInterruptedException stop = new FlowInterruptedException(hudson.model.Result.ABORTED, true);
        exec.stop(stop);

        assertEquals(stop, ctx.failure(), "the build's own cause, so the build is ABORTED, not FAILED");
        DeploymentRecord r = run.getAction(RegistryGateAction.class).deploymentRecords().get(0);
        assertEquals("ABORTED", r.getOutcome());
        assertTrue(r.getMessage().contains("goes on doing so"), r.getMessage());
    }

    @Test
    void aBuildStoppedAfterARestartBeforeItsStepResumedEndsTheStepWithTheStop() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        ManualScheduledExecutor manual = manualRuntime();
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);
        StepExecution exec = deploy(v1.arn()).start(ctx);
        exec.start();
        manual.runDue();
        byte[] saved = save(exec);
        restartController();

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        FlowInterruptedException stop = new FlowInterruptedException(hudson.model.Result.ABORTED, true);
        ((StepExecution) load(saved)).stop(stop);

        assertEquals(stop, after.failure());
    }

    // --- What a pipeline may waive is the administrator's decision ---

    static final String DEFAULT_RULE = "(Manage Jenkins » System » Model Registry Gate » Gate checks pipelines may waive: "
            + "modelCard, riskRating, requiredMetadata, modelArtifact, artifactKey, image, executionRole, alarms; "
            + "JCasC: unclassified.modelRegistryGate.waivableChecks)";

    /** The administrator's deployment settings, as the runtime reads them from the global configuration. */
    void administrator(List<String> requiredMetadata, GateCheck... waivable) {
        DeploymentParameters.Defaults defaults = new DeploymentParameters.Defaults("", requiredMetadata, WaivableChecks.of(List.of(waivable)));
        runtime.withDeploymentDefaults(() -> defaults);
    }

    static GateCheckResult recorded(TestRun run, GateCheck check) {
        return run.getAction(RegistryGateAction.class).deploymentRecords().get(0).getGate().stream()
                .filter(r -> r.getCheck() == check).findFirst().orElseThrow();
    }

    @Test
    void aVersionOnlyTheRulesApprovedIsRefusedWhenTheAdministratorRequiresAPerson() throws Exception {
        ModelPackageRef v1 = account.register(1, "Approved");
        account.approveByRules(v1);
        runtime.withDeploymentDefaults(() -> new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA,
                WaivableChecks.DEFAULT, true));
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);

        deploy(v1.arn()).start(ctx).start();
        Throwable failure = ctx.failure();

        assertInstanceOf(AbortException.class, failure);
        assertTrue(failure.getMessage().contains("separationOfDuties: failed: approved by approveIf rules alone"), failure.getMessage());
        GateCheckResult sod = recorded(run, GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.FAILED, sod.getOutcome(), sod.getDetail());
        assertTrue(fx.emulator.calls().stream().noneMatch(c -> c.operation().equals("CreateModel")));
    }

    @Test
    void aWaiverTheAdministratorDoesNotPermitFailsTheStepBeforeAnyAwsCall() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        DeployApprovedStep s = deploy(v1.arn());
        s.setWaive(List.of("separationOfDuties=hotfix, I approved it myself"));
        fx.emulator.clearCalls();

        AbortException e = assertThrows(AbortException.class, () -> s.start(context(run(42, "maria"))).start());

        assertEquals("deployApproved: invalid parameter: waive 'separationOfDuties': the administrator does not let pipelines waive "
                + "separationOfDuties " + DEFAULT_RULE, e.getMessage());
        assertEquals(List.of(), fx.emulator.calls());
    }

    @Test
    void allowSelfDeployFailsTheStepBeforeAnyAwsCallUnlessTheAdministratorPermitsIt() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        DeployApprovedStep s = deploy(v1.arn());
        s.setAllowSelfDeploy(true);
        fx.emulator.clearCalls();

        AbortException e = assertThrows(AbortException.class, () -> s.start(context(run(42, "maria"))).start());

        assertEquals("deployApproved: invalid parameter: allowSelfDeploy 'true': waives separationOfDuties, and the administrator does not "
                + "let pipelines waive separationOfDuties " + DEFAULT_RULE, e.getMessage());
        assertEquals(List.of(), fx.emulator.calls());
    }

    @Test
    void requireModelCardFalseFailsTheStepBeforeAnyAwsCallUnlessTheAdministratorPermitsIt() throws Exception {
        administrator(DeploymentParameters.DEFAULT_REQUIRED_METADATA, GateCheck.IMAGE);
        ModelPackageRef v1 = account.approved(1);
        DeployApprovedStep s = deploy(v1.arn());
        s.setRequireModelCard(false);
        fx.emulator.clearCalls();

        AbortException e = assertThrows(AbortException.class, () -> s.start(context(run(42, "erin"))).start());

        assertEquals("deployApproved: invalid parameter: requireModelCard 'false': waives modelCard, and the administrator does not let "
                + "pipelines waive modelCard (Manage Jenkins » System » Model Registry Gate » Gate checks pipelines may waive: image; "
                + "JCasC: unclassified.modelRegistryGate.waivableChecks)", e.getMessage());
        assertEquals(List.of(), fx.emulator.calls());
    }

    @Test
    void aPermittedSelfDeploymentIsRecordedAsWaivedByTheUserAndTheBuild() throws Exception {
        administrator(DeploymentParameters.DEFAULT_REQUIRED_METADATA, GateCheck.SEPARATION_OF_DUTIES);
        ModelPackageRef v1 = account.approved(1);
        TestRun run = run(42, "maria");
        TestStepContext ctx = context(run);
        DeployApprovedStep s = deploy(v1.arn());
        s.setAllowSelfDeploy(true);

        s.start(ctx).start();

        assertEquals("DEPLOYED", resultOf(ctx).get("outcome"));
        GateCheckResult sod = recorded(run, GateCheck.SEPARATION_OF_DUTIES);
        assertEquals(CheckOutcome.WAIVED, sod.getOutcome());
        assertEquals("maria (churn #42)", sod.getWaivedBy());
        assertEquals("allowSelfDeploy: true", sod.getWaiverReason());
    }

    @Test
    void requireModelCardFalseRecordsACardThatIsNotApprovedAsWaived() throws Exception {
        ModelPackageRef v1 = account.register(1, "PendingReview");
        account.approve(v1);
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);
        DeployApprovedStep s = deploy(v1.arn());
        s.setRequireModelCard(false);

        s.start(ctx).start();

        Map<String, Object> result = resultOf(ctx);
        assertEquals("DEPLOYED", result.get("outcome"));
        GateCheckResult card = recorded(run, GateCheck.MODEL_CARD);
        assertEquals(CheckOutcome.WAIVED, card.getOutcome());
        assertEquals("requireModelCard: false", card.getWaiverReason());
        assertEquals("erin (churn #42)", card.getWaivedBy());
        assertTrue(card.getDetail().contains("PendingReview"), card.getDetail());
        assertTrue(result.get("gate").toString().contains("waiverReason=requireModelCard: false"), "the step's result too: " + result.get("gate"));
        assertTrue(log.text().contains("gate modelCard: waived: "), log.text());
    }

    @Test
    void requireModelCardFalseRecordsAnApprovedCardAsPassed() throws Exception {
        ModelPackageRef v1 = account.approved(1);
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);
        DeployApprovedStep s = deploy(v1.arn());
        s.setRequireModelCard(false);

        s.start(ctx).start();

        assertEquals("DEPLOYED", resultOf(ctx).get("outcome"));
        assertEquals(CheckOutcome.PASSED, recorded(run, GateCheck.MODEL_CARD).getOutcome());
    }

    @Test
    void aWaiverInABuildNoUserStartedNamesTheBuildAndWhatStartedIt() throws Exception {
        ModelPackageRef v1 = account.register(1, "PendingReview");
        account.approve(v1);
        TestRun run = run(42, "");
        run.addAction(new CauseAction(new RequestersTest.TimerCause()));
        TestStepContext ctx = context(run);
        DeployApprovedStep s = deploy(v1.arn());
        s.setWaive(List.of("modelCard=card in legal review, CAB-12"));

        s.start(ctx).start();

        assertEquals("DEPLOYED", resultOf(ctx).get("outcome"));
        assertEquals("churn #42 (started by timer, no user)", recorded(run, GateCheck.MODEL_CARD).getWaivedBy());
    }

    @Test
    void aStepsRequiredMetadataCannotDropAKeyTheAdministratorRequires() throws Exception {
        administrator(List.of("git:commit", "audit:ticket"), GateCheck.REQUIRED_METADATA);
        ModelPackageRef v1 = account.approved(1);
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);
        DeployApprovedStep s = deploy(v1.arn());
        s.setRequiredMetadata(List.of("git:commit"));

        s.start(ctx).start();

        Throwable failure = ctx.failure();
        assertTrue(failure.getMessage().contains("requiredMetadata: failed: missing audit:ticket"), failure.getMessage());
        assertEquals(CheckOutcome.FAILED, recorded(run, GateCheck.REQUIRED_METADATA).getOutcome());
    }

    @Test
    void aResumedDeploymentKeepsTheWaiverRulesItStartedWith() throws Exception {
        manualRuntime();
        administrator(DeploymentParameters.DEFAULT_REQUIRED_METADATA, GateCheck.SEPARATION_OF_DUTIES);
        ModelPackageRef v1 = account.approved(1);
        TestRun run = run(42, "maria");
        TestStepContext ctx = context(run);
        DeployApprovedStep s = deploy(v1.arn());
        s.setAllowSelfDeploy(true);
        StepExecution exec = s.start(ctx);
        exec.start();
        assertEquals("ADMITTING", run.getAction(RegistryGateAction.class).deploymentRecords().get(0).getOutcome(),
                "saved before its gate ran");
        byte[] saved = save(exec);
        // The controller comes back under the default rule, which no longer lets pipelines waive separation of duties.
        restartController();
        runtime.withDeploymentSettings(FAST_POLLS);

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        ((StepExecution) load(saved)).onResume();

        assertEquals("DEPLOYED", resultOf(after).get("outcome"), log.text());
        assertEquals(CheckOutcome.WAIVED, recorded(run, GateCheck.SEPARATION_OF_DUTIES).getOutcome());
    }

    @Test
    void aResumedDeploymentKeepsTheRequirementOfAPersonItStartedWith() throws Exception {
        manualRuntime();
        runtime.withDeploymentDefaults(() -> new DeploymentParameters.Defaults("", DeploymentParameters.DEFAULT_REQUIRED_METADATA,
                WaivableChecks.DEFAULT, true));
        ModelPackageRef v1 = account.register(1, "Approved");
        account.approveByRules(v1);
        TestRun run = run(42, "erin");
        TestStepContext ctx = context(run);
        StepExecution exec = deploy(v1.arn()).start(ctx);
        exec.start();
        assertEquals("ADMITTING", run.getAction(RegistryGateAction.class).deploymentRecords().get(0).getOutcome(),
                "saved before its gate ran");
        byte[] saved = save(exec);
        // The controller comes back with the default: rules' approvals may be deployed.
        restartController();
        runtime.withDeploymentSettings(FAST_POLLS);

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        ((StepExecution) load(saved)).onResume();

        assertInstanceOf(AbortException.class, after.failure());
        assertEquals(CheckOutcome.FAILED, recorded(run, GateCheck.SEPARATION_OF_DUTIES).getOutcome());
    }

    @Test
    void aDeploymentSavedBeforeTheSettingExistedResumesUnderTheRuleItStartedWith() throws Exception {
        manualRuntime();
        administrator(DeploymentParameters.DEFAULT_REQUIRED_METADATA, GateCheck.SEPARATION_OF_DUTIES);
        ModelPackageRef v1 = account.approved(1);
        TestRun run = run(42, "maria");
        TestStepContext ctx = context(run);
        DeployApprovedStep s = deploy(v1.arn());
        s.setAllowSelfDeploy(true);
        StepExecution exec = s.start(ctx);
        exec.start();
        // An older plugin saved no list: then any waivable check could be waived.
        java.lang.reflect.Field captured = DeployApprovedExecution.class.getDeclaredField("waivableChecks");
        captured.setAccessible(true);
        captured.set(exec, null);
        byte[] saved = save(exec);
        restartController();
        runtime.withDeploymentSettings(FAST_POLLS);

        TestStepContext after = ctx.restartAs(run, log, env(42), runtime);
        ((StepExecution) load(saved)).onResume();

        assertEquals("DEPLOYED", resultOf(after).get("outcome"), log.text());
    }
}
