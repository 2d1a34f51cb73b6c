package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageRequest;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * A fresh emulator (on a {@link MutableClock}) and a real SDK client for each test. After each test every response
 * the emulator sent must have conformed to its output shape.
 */
@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
abstract class EmulatorTestSupport {

    static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1.4.2";

    MutableClock clock;
    SageMakerEmulator emu;
    SageMakerClient sm;

    @BeforeEach
    void startEmulator() {
        clock = new MutableClock(T0);
        emu = SageMakerEmulator.start(clock);
        sm = EmulatorClients.sageMaker(emu, EmulatorClients.fastRetries());
    }

    @AfterEach
    void stopEmulator() {
        sm.close();
        emu.close();
        assertEquals(List.of(), emu.conformanceViolations(), "responses outside the model's output shapes");
    }

    String groupArn(String name) {
        return "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/" + name;
    }

    String packageArn(String group, int version) {
        return "arn:aws:sagemaker:us-east-1:123456789012:model-package/" + group + "/" + version;
    }

    String createGroup(String name) {
        return sm.createModelPackageGroup(b -> b.modelPackageGroupName(name)).modelPackageGroupArn();
    }

    /** A minimal valid versioned CreateModelPackage request. */
    static CreateModelPackageRequest.Builder versionOf(String group) {
        return CreateModelPackageRequest.builder()
                .modelPackageGroupName(group)
                .inferenceSpecification(i -> i
                        .containers(c -> c.image(IMAGE).modelDataUrl("s3://models/churn/model.tar.gz"))
                        .supportedContentTypes("text/csv")
                        .supportedResponseMIMETypes("text/csv"));
    }

    String createVersion(String group) {
        return sm.createModelPackage(versionOf(group).build()).modelPackageArn();
    }

    String createVersion(String group, Consumer<CreateModelPackageRequest.Builder> more) {
        CreateModelPackageRequest.Builder b = versionOf(group);
        more.accept(b);
        return sm.createModelPackage(b.build()).modelPackageArn();
    }

    void tick() {
        clock.advance(Duration.ofSeconds(1));
    }

    /** Runs the call, expects a service error with this code and HTTP 400, returns it. */
    static SageMakerException expectError(String code, Executable call) {
        SageMakerException e = assertThrows(SageMakerException.class, call);
        assertEquals(code, e.awsErrorDetails().errorCode(), e::getMessage);
        assertEquals(400, e.statusCode());
        return e;
    }
}
