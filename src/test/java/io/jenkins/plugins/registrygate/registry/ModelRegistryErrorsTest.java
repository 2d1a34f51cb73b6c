package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** AWS errors are reported with the operation, the error code, the message and the request id. */
class ModelRegistryErrorsTest {

    final RegistryFixture fx = new RegistryFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aServiceErrorCarriesOperationCodeMessageAndRequestId() {
        var e = assertThrows(RegistryException.class,
                () -> fx.registry().describe("arn:aws:sagemaker:us-east-1:123456789012:model-package/nope/1"));

        assertEquals("DescribeModelPackage", e.operation());
        assertEquals("ValidationException", e.errorCode());
        assertTrue(e.isNotFound());
        assertEquals(36, e.requestId().length());
        assertEquals("SageMaker DescribeModelPackage failed: ValidationException: " + e.awsMessage()
                + " (request id " + e.requestId() + ")", e.getMessage());
        assertEquals(e.requestId(), fx.emulator.calls("DescribeModelPackage").get(0).requestId());
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsReportedAsThrottling() {
        fx.emulator.faults().on("DescribeModelPackageGroup").every().throttle();

        var e = assertThrows(RegistryException.class, () -> fx.registry().ensureGroup("churn-model", "", Map.of()));

        assertTrue(e.isThrottling(), e.getMessage());
        assertEquals(3, fx.calls("DescribeModelPackageGroup"), "the SDK's standard mode made three attempts");
    }

    @Test
    void aDroppedConnectionWithNoAnswerSaysThereIsNoRequestId() {
        fx.emulator.faults().on("DescribeModelPackageGroup").every().dropConnection();

        var e = assertThrows(RegistryException.class, () -> fx.registry().ensureGroup("churn-model", "", Map.of()));

        assertEquals("ClientError", e.errorCode());
        assertTrue(e.getMessage().endsWith("(no request id: the service did not answer)"), e.getMessage());
        assertFalse(e.isThrottling());
    }
}
