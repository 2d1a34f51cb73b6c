package io.jenkins.plugins.registrygate.emulator.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.emulator.ServiceTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** SQS standard queues through the real SDK client (AWS JSON 1.0, query-compatible errors, MD5 checks on). */
class SqsServiceTest extends ServiceTestSupport {

    SqsClient sqs;

    @BeforeEach
    void client() {
        sqs = EmulatorClients.sqs(emu);
    }

    @AfterEach
    void close() {
        sqs.close();
    }

    String queue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    List<Message> receive(String url, int max) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    @Test
    void aQueueHasAnUrlUnderTheEndpointAndAnArn() {
        String url = queue("registry-events", Map.of());

        assertEquals(emu.endpoint() + "/123456789012/registry-events", url);
        assertEquals(url, sqs.getQueueUrl(b -> b.queueName("registry-events")).queueUrl());
        assertEquals("arn:aws:sqs:us-east-1:123456789012:registry-events", sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
    }

    @Test
    void createQueueAgainWithTheSameAttributesReturnsItsUrlAndWithOthersIsRefused() {
        String url = queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"));

        assertEquals(url, queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")));
        QueueNameExistsException e = assertThrows(QueueNameExistsException.class,
                () -> queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")));
        assertEquals("QueueAlreadyExists", e.awsErrorDetails().errorCode());
    }

    @Test
    void anUnknownQueueIsQueueDoesNotExistWithTheQueryCode() {
        QueueDoesNotExistException e = assertThrows(QueueDoesNotExistException.class,
                () -> sqs.getQueueUrl(b -> b.queueName("missing")));

        assertEquals("AWS.SimpleQueueService.NonExistentQueue", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void aSentMessageIsReceivedWithItsBodyAndDigest() {
        String url = queue("events", Map.of());

        String id = sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"id\":\"e-1\"}")).messageId();
        List<Message> got = receive(url, 10);

        assertEquals(1, got.size());
        assertEquals(id, got.get(0).messageId());
        assertEquals("{\"id\":\"e-1\"}", got.get(0).body());
        assertEquals(SqsService.md5OfBody("{\"id\":\"e-1\"}"), got.get(0).md5OfBody());
        assertEquals("1", got.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }

    @Test
    void messageAttributesComeBackWithTheDigestTheSdkChecks() {
        String url = queue("events", Map.of());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("x").messageAttributes(Map.of(
                "source", MessageAttributeValue.builder().dataType("String").stringValue("aws.sagemaker").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("b")).build())));

        Message m = sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("All")).messages().get(0);

        assertEquals("aws.sagemaker", m.messageAttributes().get("source").stringValue());
        assertEquals("b", m.messageAttributes().get("blob").binaryValue().asUtf8String());
    }

    @Test
    void aReceivedMessageIsHiddenForTheVisibilityTimeoutThenReturnsWithANewHandle() {
        String url = queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));

        Message first = receive(url, 1).get(0);
        List<Message> hidden = receive(url, 1);
        clock.advance(Duration.ofSeconds(30));
        Message again = receive(url, 1).get(0);

        assertEquals(List.of(), hidden);
        assertEquals(first.messageId(), again.messageId());
        assertNotEquals(first.receiptHandle(), again.receiptHandle());
        assertEquals("2", again.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    }

    @Test
    void theRequestsVisibilityTimeoutOverridesTheQueues() {
        String url = queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));

        sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(120));
        clock.advance(Duration.ofSeconds(119));
        List<Message> stillHidden = receive(url, 1);
        clock.advance(Duration.ofSeconds(1));

        assertEquals(List.of(), stillHidden);
        assertEquals(1, receive(url, 1).size());
    }

    @Test
    void deleteWithTheLatestHandleRemovesTheMessage() {
        String url = queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        Message m = receive(url, 1).get(0);

        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));

        assertEquals(List.of(), receive(url, 1));
        assertEquals("0", counts(url).get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }

    @Test
    void deleteWithAnOlderHandleSucceedsButLeavesTheMessage() {
        String url = queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        Message first = receive(url, 1).get(0);
        receive(url, 1);

        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()));

        assertEquals(1, receive(url, 1).size());
    }

    @Test
    void aHandleNeverIssuedIsReceiptHandleIsInvalid() {
        String url = queue("events", Map.of());

        assertThrows(ReceiptHandleIsInvalidException.class,
                () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("not-a-handle")));
    }

    @Test
    void changeMessageVisibilityReleasesAMessageEarlyAndRefusesOneNotInFlight() {
        String url = queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
        Message m = receive(url, 1).get(0);

        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(10));
        clock.advance(Duration.ofSeconds(10));
        Message again = receive(url, 1).get(0);
        clock.advance(Duration.ofSeconds(300));

        assertEquals(m.messageId(), again.messageId());
        MessageNotInflightException e = assertThrows(MessageNotInflightException.class, () -> sqs.changeMessageVisibility(
                b -> b.queueUrl(url).receiptHandle(again.receiptHandle()).visibilityTimeout(10)));
        assertEquals("AWS.SimpleQueueService.MessageNotInflight", e.awsErrorDetails().errorCode());
    }

    @Test
    void maxNumberOfMessagesBoundsTheBatchAndMustBeOneToTen() {
        String url = queue("events", Map.of());
        for (int i = 0; i < 12; i++) {
            int n = i;
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("m" + n));
        }

        assertEquals(10, receive(url, 10).size());
        SqsException e = assertThrows(SqsException.class, () -> receive(url, 11));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
    }

    @Test
    void afterMaxReceiveCountReceivesTheMessageMovesToTheDeadLetterQueue() {
        String dlq = queue("events-dlq", Map.of());
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String url = queue("events", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}"));
        String id = sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison")).messageId();

        int received = receive(url, 1).size() + receive(url, 1).size();
        List<Message> third = receive(url, 1);
        List<Message> inDlq = receive(dlq, 1);

        assertEquals(2, received);
        assertEquals(List.of(), third);
        assertEquals(id, inDlq.get(0).messageId());
        assertEquals("poison", inDlq.get(0).body());
        assertEquals("arn:aws:sqs:us-east-1:123456789012:events",
                inDlq.get(0).attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN));
    }

    @Test
    void aRedrivePolicyNamingNoQueueIsRefused() {
        SqsException e = assertThrows(SqsException.class, () -> queue("events", Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:nope\",\"maxReceiveCount\":3}")));

        assertEquals("InvalidAttributeValue", e.awsErrorDetails().errorCode());
    }

    @Test
    void aLongPollReturnsAsSoonAsAMessageArrives() throws Exception {
        String url = queue("events", Map.of());
        CompletableFuture<List<Message>> polling = CompletableFuture.supplyAsync(
                () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages());
        // Send only once the receive is waiting in the emulator, so that it is the long poll that gets the message.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (emu.sqs().waitingReceives() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(1, emu.sqs().waitingReceives(), "the receive is waiting for a message");
        long sent = System.nanoTime();
        try (SqsClient other = EmulatorClients.sqs(emu)) {
            other.sendMessage(b -> b.queueUrl(url).messageBody("now"));
        }

        List<Message> got = polling.get(15, TimeUnit.SECONDS);

        assertEquals("now", got.get(0).body());
        assertTrue(Duration.ofNanos(System.nanoTime() - sent).toSeconds() < 15, "returned before its 20 s wait");
        RecordedCall call = emu.calls("sqs", "ReceiveMessage").get(0);
        assertEquals(20, call.request().path("WaitTimeSeconds").asInt());
    }

    @Test
    void delayedMessagesBecomeVisibleAfterTheirDelay() {
        String url = queue("events", Map.of());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(60));

        Map<QueueAttributeName, String> before = counts(url);
        clock.advance(Duration.ofSeconds(60));

        assertEquals("1", before.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
        assertEquals("later", receive(url, 1).get(0).body());
    }

    Map<QueueAttributeName, String> counts(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
    }
}
