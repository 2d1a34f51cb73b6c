package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageGroupResponse;

class CallRecordingTest extends EmulatorTestSupport {

    @Test
    void eachRequestIsRecordedWithItsOperationBodyAndOutcome() {
        CreateModelPackageGroupResponse r = sm.createModelPackageGroup(b -> b.modelPackageGroupName("churn"));

        RecordedCall c = emu.calls().get(0);
        assertEquals("CreateModelPackageGroup", c.operation());
        assertEquals("{\"ModelPackageGroupName\":\"churn\"}", c.requestBody());
        assertEquals("churn", c.request().get("ModelPackageGroupName").asText());
        assertEquals(200, c.httpStatus());
        assertEquals("", c.errorCode());
        assertEquals(r.responseMetadata().requestId(), c.requestId());
        assertEquals(groupArn("churn"), c.response().get("ModelPackageGroupArn").asText());
        assertEquals("", c.fault());
    }

    @Test
    void requestIdIsAUuidOnEveryAnswer() {
        createGroup("churn");
        expectError("ValidationException", () -> createGroup("churn"));

        for (RecordedCall c : emu.calls()) {
            assertEquals(c.requestId(), UUID.fromString(c.requestId()).toString());
        }
        assertEquals(2, emu.calls().stream().map(RecordedCall::requestId).distinct().count());
    }

    @Test
    void failedCallsRecordTheirErrorCode() {
        expectError("ValidationException", () -> sm.describeModelPackageGroup(b -> b.modelPackageGroupName("ghost")));

        assertEquals("ValidationException", emu.calls().get(0).errorCode());
        assertEquals(400, emu.calls().get(0).httpStatus());
    }

    @Test
    void accessKeyIdComesFromTheSignature() {
        try (SageMakerClient other = EmulatorClients.sageMaker(emu, b -> b.credentialsProvider(EmulatorClients.credentials("BUILDAGENTKEY")))) {
            other.listModelPackageGroups(b -> { });
        }
        sm.listModelPackageGroups(b -> { });

        assertEquals(List.of("BUILDAGENTKEY", EmulatorClients.ACCESS_KEY_ID),
                emu.calls().stream().map(RecordedCall::accessKeyId).toList());
    }

    @Test
    void callTimeComesFromTheEmulatorClock() {
        clock.advance(Duration.ofHours(1));

        sm.listModelPackageGroups(b -> { });

        assertEquals(T0.plus(Duration.ofHours(1)), emu.calls().get(0).at());
    }

    @Test
    void callCountCountsRetriesPerOperation() {
        emu.faults().on("ListModelPackageGroups").call(1).throttle();
        createGroup("a");
        sm.listModelPackageGroups(b -> { });

        assertEquals(1, emu.callCount("CreateModelPackageGroup"));
        assertEquals(2, emu.callCount("ListModelPackageGroups"));
        assertEquals(0, emu.callCount("DeleteModelPackageGroup"));
    }

    @Test
    void clearCallsForgetsTheRecording() {
        createGroup("a");

        emu.clearCalls();
        sm.listModelPackageGroups(b -> { });

        assertEquals(List.of("ListModelPackageGroups"), emu.calls().stream().map(RecordedCall::operation).toList());
    }

    @Test
    void concurrentCallsAreAllRecorded() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "g" + i;
            Thread t = new Thread(() -> createGroup(name));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }

        assertEquals(8, emu.callCount("CreateModelPackageGroup"));
        assertTrue(emu.calls().stream().allMatch(RecordedCall::succeeded));
    }
}
