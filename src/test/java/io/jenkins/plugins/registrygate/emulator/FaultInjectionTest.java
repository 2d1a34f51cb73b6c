package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

class FaultInjectionTest extends EmulatorTestSupport {

    @Test
    void throttledCallsAreRetriedBySdkUntilTheySucceed() {
        emu.faults().on("ListModelPackageGroups").next(2).throttle();

        sm.listModelPackageGroups(b -> { });

        List<RecordedCall> calls = emu.calls("ListModelPackageGroups");
        assertEquals(List.of("ThrottlingException", "ThrottlingException", ""), calls.stream().map(RecordedCall::errorCode).toList());
        assertEquals(1, calls.stream().map(RecordedCall::invocationId).distinct().count(), "one SDK call, three attempts");
    }

    @Test
    void throttlingThatNeverStopsSurfacesAfterThreeAttempts() {
        emu.faults().on("DescribeModelPackageGroup").throttle();

        SageMakerException e = assertThrows(SageMakerException.class,
                () -> sm.describeModelPackageGroup(b -> b.modelPackageGroupName("churn")));

        assertTrue(e.isThrottlingException());
        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        assertEquals("Rate exceeded", e.awsErrorDetails().errorMessage());
        assertEquals(3, emu.callCount("DescribeModelPackageGroup"), "standard retry mode: 3 attempts");
    }

    @Test
    void throttleIsRetriedWithTheSdkDefaultBackoffToo() {
        emu.faults().on("ListModelPackageGroups").call(1).throttle();
        try (SageMakerClient defaults = EmulatorClients.sageMaker(emu)) {
            defaults.listModelPackageGroups(b -> { });
        }

        assertEquals(2, emu.callCount("ListModelPackageGroups"));
    }

    @Test
    void internalFailureIsRetried() {
        emu.faults().on("CreateModelPackageGroup").call(1).internalError();

        createGroup("churn");

        assertEquals(List.of(500, 200), statuses("CreateModelPackageGroup"));
        assertEquals("InternalFailure", emu.calls().get(0).errorCode());
    }

    @Test
    void serviceUnavailableIsRetried() {
        emu.faults().on("CreateModelPackageGroup").next(2).serviceUnavailable();

        createGroup("churn");

        assertEquals(List.of(503, 503, 200), statuses("CreateModelPackageGroup"));
    }

    @Test
    void faultBeforeApplyingLeavesStateUntouched() {
        emu.faults().on("CreateModelPackageGroup").every().internalError();

        assertThrows(SageMakerException.class, () -> createGroup("churn"));

        assertEquals(List.of(), emu.backend().modelPackageGroupNames());
    }

    @Test
    void faultAfterApplyingHidesASuccessThatHappened() {
        emu.faults().on("CreateModelPackageGroup").call(1).afterApplying().internalError();

        SageMakerException e = expectRetriedDuplicate();

        assertTrue(e.awsErrorDetails().errorMessage().contains("already exists"));
    }

    private SageMakerException expectRetriedDuplicate() {
        // the first attempt created the group; the SDK's retry then sees the duplicate
        return expectError("ValidationException", () -> createGroup("churn"));
    }

    @Test
    void latencyDelaysTheAnswer() {
        emu.faults().on("ListModelPackageGroups").call(1).latency(Duration.ofMillis(150));

        long start = System.nanoTime();
        sm.listModelPackageGroups(b -> { });
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(tookMillis >= 150, "took " + tookMillis + " ms");
        assertEquals("latency(150ms)", emu.calls().get(0).fault());
        assertEquals(200, emu.calls().get(0).httpStatus());
    }

    @Test
    void droppedConnectionIsAnIoErrorTheSdkRetries() {
        emu.faults().on("ListModelPackageGroups").call(1).dropConnection();

        sm.listModelPackageGroups(b -> { });

        assertEquals(List.of(0, 200), statuses("ListModelPackageGroups"));
        assertTrue(emu.calls().get(0).connectionDropped());
    }

    @Test
    void droppedConnectionWithoutRetriesSurfacesAsSdkClientException() {
        emu.faults().on("ListModelPackageGroups").call(1).dropConnection();
        try (SageMakerClient noRetries = EmulatorClients.sageMaker(emu,
                b -> b.overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))))) {
            SdkClientException e = assertThrows(SdkClientException.class, () -> noRetries.listModelPackageGroups(b -> { }));
            assertInstanceOf(IOException.class, e.getCause(), e::toString);
        }
    }

    @Test
    void droppedConnectionAfterCreateStillYieldsOneVersionThanksToTheClientToken() {
        createGroup("churn");
        emu.faults().on("CreateModelPackage").call(1).afterApplying().dropConnection();

        String arn = createVersion("churn", b -> b.clientToken("build-7-register-churn"));

        assertEquals(packageArn("churn", 1), arn);
        assertEquals(List.of(1), emu.backend().modelPackageVersions("churn"));
        assertEquals(List.of(0, 200), statuses("CreateModelPackage"));
    }

    @Test
    void sdkFillsTheClientTokenAndKeepsItAcrossRetries() {
        createGroup("churn");
        emu.faults().on("CreateModelPackage").call(1).afterApplying().dropConnection();

        createVersion("churn");

        List<RecordedCall> calls = emu.calls("CreateModelPackage");
        assertEquals(calls.get(0).request().get("ClientToken"), calls.get(1).request().get("ClientToken"));
        assertEquals(List.of(1), emu.backend().modelPackageVersions("churn"));
    }

    @Test
    void nthCallRuleSkipsEarlierCalls() {
        emu.faults().on("CreateModelPackageGroup").call(2).internalError();

        createGroup("a");
        createGroup("b");

        assertEquals(List.of(200, 500, 200), statuses("CreateModelPackageGroup"));
    }

    @Test
    void anyOperationRuleMatchesEveryOperation() {
        FaultInjector.FaultRule rule = emu.faults().onAnyOperation().next(2).serviceUnavailable();

        createGroup("churn");

        assertEquals(2, rule.timesApplied());
        assertEquals(List.of(503, 503, 200), statuses("CreateModelPackageGroup"));
    }

    @Test
    void customErrorIsAnsweredAsGiven() {
        emu.faults().on("DescribeModelPackageGroup").error(400, "AccessDeniedException", "not allowed");

        SageMakerException e = expectError("AccessDeniedException",
                () -> sm.describeModelPackageGroup(b -> b.modelPackageGroupName("churn")));

        assertEquals("not allowed", e.awsErrorDetails().errorMessage());
        assertEquals(1, emu.callCount("DescribeModelPackageGroup"));
    }

    @Test
    void clearRemovesEveryRule() {
        emu.faults().onAnyOperation().internalError();
        emu.faults().clear();

        createGroup("churn");

        assertEquals(List.of(200), statuses("CreateModelPackageGroup"));
    }

    @Test
    void removedRuleNoLongerActs() {
        FaultInjector.FaultRule rule = emu.faults().on("CreateModelPackageGroup").throttle();
        rule.remove();

        createGroup("churn");

        assertEquals(List.of(), emu.faults().rules());
        assertEquals(List.of(200), statuses("CreateModelPackageGroup"));
    }

    @Test
    void unknownOperationNameIsRejectedWhenTheRuleIsWritten() {
        assertThrows(IllegalArgumentException.class, () -> emu.faults().on("CreateModelPackge"));
    }

    @Test
    void ruleDescribesItself() {
        FaultInjector.FaultRule rule = emu.faults().on("CreateModelPackage").call(1).afterApplying().dropConnection();

        assertEquals("CreateModelPackage, call 1, after applying: dropConnection", rule.toString());
    }

    private List<Integer> statuses(String operation) {
        return emu.calls(operation).stream().map(RecordedCall::httpStatus).toList();
    }

    @Test
    void chaosFaultsTheAskedFractionOfCallsRepeatablyBySeed() {
        try (SageMakerClient once = EmulatorClients.sageMaker(emu, b -> b.overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1))))) {
            chaosRun(once);
        }
    }

    private void chaosRun(SageMakerClient noRetries) {
        FaultInjector.Chaos chaos = emu.faults().chaos(0.5, 42);
        for (int i = 0; i < 40; i++) {
            try {
                noRetries.listModelPackageGroups(b -> { });
            } catch (RuntimeException expected) {
                // a faulted call
            }
        }
        assertEquals(40, chaos.calls());
        assertTrue(chaos.total() > 8 && chaos.total() < 32, "about half: " + chaos.injected());
        long faultedCalls = emu.calls().stream().filter(c -> !c.fault().isEmpty()).count();
        assertEquals(chaos.total(), faultedCalls);

        emu.faults().clear();
        emu.clearCalls();
        FaultInjector.Chaos again = emu.faults().chaos(0.5, 42);
        for (int i = 0; i < 40; i++) {
            try {
                noRetries.listModelPackageGroups(b -> { });
            } catch (RuntimeException expected) {
                // a faulted call
            }
        }
        assertEquals(chaos.injected(), again.injected(), "the same seed draws the same faults");
    }
}
