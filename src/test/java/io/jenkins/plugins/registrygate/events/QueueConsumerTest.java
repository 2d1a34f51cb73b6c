package io.jenkins.plugins.registrygate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.RegistryGateRuntime;
import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import io.jenkins.plugins.registrygate.emulator.RecordedCall;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import io.jenkins.plugins.registrygate.testing.ManualScheduledExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS consumer against the emulator's SQS, through the plugin's own SDK client: long polls, deletes a message only
 * after its event was handled, and leaves what it could not handle for SQS to deliver again and, in the end, to move
 * to the dead-letter queue.
 */
class QueueConsumerTest {

    /** The production settings, but without the long poll's wait: a test must not wait 20 s on an empty queue. */
    static final QueueConsumer.Settings NO_WAIT = new QueueConsumer.Settings(0, 120, 10, Duration.ofSeconds(30),
            Duration.ofSeconds(10));

    final EventsHarness h = new EventsHarness();
    SqsClient admin;
    String dlqUrl;
    String queueUrl;
    QueueConsumer consumer;
    EventsHarness.RecordingTarget trigger;

    @BeforeEach
    void aQueueWithADeadLetterQueue() {
        admin = h.fx.clients.sqs(h.fx.settings(), h.fx.lookup());
        dlqUrl = admin.createQueue(b -> b.queueName("registry-events-dlq")).queueUrl();
        String dlqArn = admin.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = admin.createQueue(b -> b.queueName("registry-events").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}"))).queueUrl();
        consumer = consumer(NO_WAIT);
        trigger = h.trigger("Approved");
    }

    QueueConsumer consumer(QueueConsumer.Settings settings) {
        return new QueueConsumer(() -> Optional.of(new QueueConsumer.Target(queueUrl,
                () -> h.fx.clients.sqs(h.fx.settings(), h.fx.lookup()))), h.intake, h.scheduler, h.fx.clock, settings);
    }

    @AfterEach
    void close() {
        consumer.close();
        h.close();
    }

    void send(String body) {
        admin.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    int messagesIn(String url) {
        Map<QueueAttributeName, String> a = admin.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    ModelPackageRef approved(String build) {
        ModelPackageRef ref = h.register(build);
        h.decideInConsole(ref, "Approved");
        return ref;
    }

    @Test
    void itLongPollsForUpToTenMessagesHiddenWhileTheyAreHandled() {
        send(h.heartbeat()); // a message is there: the long poll returns at once

        consumer(QueueConsumer.Settings.DEFAULTS).pollOnce();

        RecordedCall receive = h.fx.emulator.calls("sqs", "ReceiveMessage").get(0);
        assertEquals(20, receive.request().path("WaitTimeSeconds").asInt());
        assertEquals(10, receive.request().path("MaxNumberOfMessages").asInt());
        assertEquals(120, receive.request().path("VisibilityTimeout").asInt());
    }

    @Test
    void aMessageIsDeletedOnlyAfterItsEventWasHandled() {
        ModelPackageRef v1 = approved("churn#1");
        send(h.eventFor(v1, "Approved"));

        consumer.pollOnce();
        h.settle();
        long deletedBeforeHandling = h.fx.emulator.calls("sqs", "DeleteMessage").size();
        int startedBeforeHandling = trigger.started.size();
        h.advance(RegistryWatcher.Settings.DEFAULT_WAKE_COALESCE);

        assertEquals(0, deletedBeforeHandling, "not deleted while the trigger had not read the registry");
        assertEquals(0, startedBeforeHandling);
        assertEquals(1, trigger.started.size());
        assertEquals(1, h.fx.emulator.calls("sqs", "DeleteMessage").size());
        assertEquals(0, messagesIn(queueUrl));
        assertEquals(1, consumer.deleted());
    }

    @Test
    void aMessageWhoseHandlingFailedStaysAndIsHandledWhenDeliveredAgain() {
        ModelPackageRef v1 = approved("churn#1");
        trigger.registry = () -> {
            throw new RegistryException("DescribeModelPackage", "ThrottlingException", "Rate exceeded", "req-1", 400, null);
        };
        send(h.eventFor(v1, "Approved"));
        consumer.pollOnce();
        h.advance(Duration.ofSeconds(1));
        int stillThere = messagesIn(queueUrl);

        trigger.registry = h::registry;
        h.advance(QueueConsumer.Settings.DEFAULTS.retryAfter());
        consumer.pollOnce();
        h.advance(Duration.ofSeconds(1));

        assertEquals(1, stillThere);
        assertEquals(1, trigger.started.size());
        assertEquals(0, messagesIn(queueUrl));
        assertEquals(1, h.fx.emulator.calls("sqs", "ChangeMessageVisibility").size(), "made visible again after 30 s");
    }

    @Test
    void aMessageThatIsNotAnEventIsLeftUntilSqsMovesItToTheDeadLetterQueue() {
        send("{\"hello\":\"not an event\"}");

        consumer.pollOnce();
        h.advance(Duration.ofSeconds(QueueConsumer.Settings.DEFAULTS.visibilitySeconds()));
        consumer.pollOnce();
        h.advance(Duration.ofSeconds(QueueConsumer.Settings.DEFAULTS.visibilitySeconds()));
        int receivedThirdTime = consumer.pollOnce();

        assertEquals(0, receivedThirdTime, "redriven after maxReceiveCount (2) receives");
        assertEquals(0, consumer.deleted());
        assertEquals(2, consumer.left());
        assertEquals(0, messagesIn(queueUrl));
        assertEquals(1, messagesIn(dlqUrl));
    }

    @Test
    void aMessageDeliveredTwiceIsHandledOnceAndBothCopiesAreDeleted() {
        ModelPackageRef v1 = approved("churn#1");
        String event = h.eventFor(v1, "Approved");
        send(event);
        send(event);
        h.fx.emulator.clearCalls();

        consumer.pollOnce();
        h.advance(Duration.ofSeconds(1));

        assertEquals(1, trigger.started.size());
        assertEquals(1, h.calls("DescribeModelPackage"));
        assertEquals(2, consumer.deleted());
        assertEquals(0, messagesIn(queueUrl));
    }

    @Test
    void aHeartbeatFromTheQueueKeepsPollingSlow() {
        send(h.heartbeat());

        consumer.pollOnce();
        h.settle();

        assertTrue(h.watcher.pushState().live());
        assertEquals(1, consumer.deleted());
    }

    @Test
    void withNoQueueConfiguredNothingIsRead() {
        QueueConsumer idle = new QueueConsumer(Optional::empty, h.intake, h.scheduler, h.fx.clock, QueueConsumer.Settings.DEFAULTS);
        h.fx.emulator.clearCalls();

        assertEquals(0, idle.pollOnce());
        assertEquals(List.of(), h.fx.emulator.calls("sqs", "ReceiveMessage"));
        assertEquals(Optional.empty(), idle.status());
    }

    @Test
    void theStatusLineNamesTheQueueAndWhatWasDone() {
        send(h.heartbeat());
        consumer.pollOnce();
        h.settle();

        String status = consumer.status().orElseThrow();

        assertTrue(status.startsWith("SQS queue " + queueUrl + ": last read "), status);
        assertTrue(status.contains("1 messages handled and deleted, 0 left for redelivery"), status);
    }

    @Test
    void aControllerRunsOneConsumer() throws Exception {
        ManualScheduledExecutor manual = new ManualScheduledExecutor(h.fx.clock);
        try (RegistryGateRuntime runtime = new RegistryGateRuntime(h.fx.clock, RegistryWatcher.Settings.DEFAULTS,
                h.fx.clients, manual, manual)) {
            QueueConsumer first = runtime.startEventQueue(Optional::empty, QueueConsumer.Settings.DEFAULTS);
            QueueConsumer second = runtime.startEventQueue(Optional::empty, QueueConsumer.Settings.DEFAULTS);

            assertSame(first, second);
            assertTrue(first.isRunning());
            runtime.shutdown(Duration.ZERO);
            assertFalse(first.isRunning(), "stopped with the runtime");
        }
    }

    @Test
    void theRegionOfAnAwsQueueUrlIsTheQueues() {
        assertEquals(Optional.of("eu-west-1"), QueueConsumer.regionOf("https://sqs.eu-west-1.amazonaws.com/123456789012/registry-events"));
        assertEquals(Optional.of("us-east-2"), QueueConsumer.regionOf("https://us-east-2.queue.amazonaws.com/123456789012/q"));
        assertEquals(Optional.empty(), QueueConsumer.regionOf(queueUrl), "an emulator's URL names no region");
    }
}
