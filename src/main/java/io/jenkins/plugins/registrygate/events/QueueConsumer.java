package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Consumes the SQS queue an EventBridge rule sends registry events to, for controllers that AWS cannot reach: the
 * controller's one consumer, a single thread that long-polls ({@code WaitTimeSeconds} 20, up to 10 messages) and hands
 * each message to {@link EventIntake#receiveQueued}.
 * <ul>
 *   <li>A message is deleted only after its event was handled (the builds woken, the triggers done reading the
 *       registry and starting their builds).</li>
 *   <li>A message whose handling failed (the registry could not be read) is made visible again after
 *       {@link Settings#retryAfter}; a message that is not an event the plugin takes is left alone. Either way SQS
 *       delivers it again, and its redrive policy moves it to the dead-letter queue after {@code maxReceiveCount}
 *       receives: the consumer never deletes what it could not handle.</li>
 *   <li>The queue's visibility timeout is overridden per receive ({@link Settings#visibilitySeconds}) to outlast the
 *       handling; no more than {@link Settings#maxMessages} messages are handled at once.</li>
 * </ul>
 * The target queue is read from {@code target} at every receive, so a new configuration applies without a restart;
 * with none configured the thread idles.
 */
public final class QueueConsumer implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(QueueConsumer.class.getName());
    private static final Pattern AWS_QUEUE_HOST = Pattern.compile("(?:sqs[.-]([a-z0-9-]+)|([a-z0-9-]+)\\.queue)\\.amazonaws\\.com(?:\\.cn)?");

    /**
     * @param waitSeconds the long poll's wait (SQS allows 0 to 20)
     * @param visibilitySeconds how long a received message stays hidden while it is handled
     * @param maxMessages messages per receive, and at most in handling at once (1 to 10)
     * @param retryAfter when a message whose handling failed is delivered again
     * @param idleCheck how often an unconfigured consumer looks at the configuration again
     */
    public record Settings(int waitSeconds, int visibilitySeconds, int maxMessages, Duration retryAfter, Duration idleCheck) {
        public static final Settings DEFAULTS = new Settings(20, 120, 10, Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** The queue to consume and how to reach it (an SQS client of the plugin's {@code AwsClients}). */
    public record Target(String queueUrl, Supplier<SqsClient> client) {}

    private final Supplier<Optional<Target>> target;
    private final EventIntake intake;
    private final Executor io;
    private final Clock clock;
    private final Settings settings;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong left = new AtomicLong();
    private final Object idle = new Object();
    private volatile Instant lastReceive;
    private volatile String lastError = "";
    private volatile String lastQueue = "";
    private Thread thread;
    private volatile boolean closed;

    public QueueConsumer(Supplier<Optional<Target>> target, EventIntake intake, Executor io, Clock clock, Settings settings) {
        this.target = target;
        this.intake = intake;
        this.io = io;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * One long poll of the configured queue; the messages it returns are handed over and deleted or left as their
     * handling completes (on {@code io}).
     *
     * @return how many messages it received (0 when no queue is configured)
     * @throws RegistryException the queue could not be read (the caller backs off)
     */
    public int pollOnce() {
        Optional<Target> t = target.get();
        if (t.isEmpty()) {
            lastQueue = "";
            return 0;
        }
        String url = t.get().queueUrl();
        lastQueue = url;
        SqsClient sqs = t.get().client().get();
        int max = Math.max(1, Math.min(10, settings.maxMessages() - inFlight.get()));
        List<Message> messages;
        try {
            messages = sqs.receiveMessage(b -> b.queueUrl(url)
                    .maxNumberOfMessages(max)
                    .waitTimeSeconds(settings.waitSeconds())
                    .visibilityTimeout(settings.visibilitySeconds())
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                    // A long poll outlasts the plugin's 20 s attempt timeout: give this call its own.
                    .overrideConfiguration(o -> o
                            .apiCallAttemptTimeout(Duration.ofSeconds(settings.waitSeconds() + 10L))
                            .apiCallTimeout(Duration.ofSeconds(settings.waitSeconds() + 40L)))).messages();
        } catch (SdkException e) {
            lastError = RegistryException.describe("SQS", "ReceiveMessage", e);
            throw RegistryException.of("ReceiveMessage", e);
        }
        lastReceive = clock.instant();
        lastError = "";
        for (Message m : messages) {
            inFlight.incrementAndGet();
            CompletableFuture<Void> handled;
            try {
                handled = intake.receiveQueued(m.body());
            } catch (EventRefusal r) {
                LOGGER.warning(() -> "SQS message " + m.messageId() + " is not a registry event the plugin takes (" + r.getMessage()
                        + "); left on the queue for its redrive policy");
                left.incrementAndGet();
                inFlight.decrementAndGet();
                continue;
            }
            handled.whenCompleteAsync((v, failure) -> {
                try {
                    if (failure == null) {
                        delete(sqs, url, m);
                    } else {
                        retryLater(sqs, url, m, failure);
                    }
                } finally {
                    inFlight.decrementAndGet();
                    synchronized (idle) {
                        idle.notifyAll();
                    }
                }
            }, io);
        }
        return messages.size();
    }

    private void delete(SqsClient sqs, String url, Message m) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            deleted.incrementAndGet();
        } catch (SdkException e) {
            // Delivered again later; its event id is then known, so it is deleted without being handled twice.
            LOGGER.log(Level.WARNING, RegistryException.describe("SQS", "DeleteMessage", e), e);
        }
    }

    private void retryLater(SqsClient sqs, String url, Message m, Throwable failure) {
        left.incrementAndGet();
        LOGGER.log(Level.WARNING, "SQS message " + m.messageId() + " could not be handled; it is delivered again in "
                + settings.retryAfter().toSeconds() + " s: " + failure.getMessage());
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())
                    .visibilityTimeout((int) settings.retryAfter().toSeconds()));
        } catch (SdkException e) {
            // It becomes visible at the end of its visibility timeout instead.
            LOGGER.log(Level.FINE, RegistryException.describe("SQS", "ChangeMessageVisibility", e), e);
        }
    }

    /** Starts the consumer's thread, once: a controller has one consumer. */
    public synchronized void start(ThreadFactory threads) {
        if (thread != null || closed) {
            return;
        }
        thread = threads.newThread(this::loop);
        thread.start();
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try {
                waitWhile(() -> inFlight.get() >= settings.maxMessages(), Duration.ofSeconds(1));
                boolean configured = target.get().isPresent();
                pollOnce();
                failures = 0;
                if (!configured) {
                    waitWhile(() -> target.get().isEmpty(), settings.idleCheck());
                }
            } catch (RuntimeException | LinkageError e) {
                failures++;
                long backoff = Math.min(300, 1L << Math.min(failures, 8));
                LOGGER.log(Level.WARNING, "Reading the registry-event queue failed; trying again in " + backoff + " s", e);
                lastError = e.getMessage();
                waitWhile(() -> true, Duration.ofSeconds(backoff));
            }
        }
    }

    /** Waits while {@code condition} holds, at most {@code most}; woken by handlings, configuration and close. */
    private void waitWhile(Supplier<Boolean> condition, Duration most) {
        long until = System.nanoTime() + most.toNanos();
        synchronized (idle) {
            while (!closed && condition.get() && System.nanoTime() < until) {
                try {
                    idle.wait(Math.max(1, Math.min(1000, (until - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The configuration changed: look at it now. */
    public void reconfigured() {
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /** Messages deleted after their event was handled. */
    public long deleted() {
        return deleted.get();
    }

    /** Messages left on the queue (not an event, or not handled). */
    public long left() {
        return left.get();
    }

    public boolean isRunning() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        return t != null && t.isAlive();
    }

    /** One sentence for the status line, when a queue is configured. */
    public Optional<String> status() {
        String url = lastQueue.isEmpty() ? target.get().map(Target::queueUrl).orElse("") : lastQueue;
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Instant at = lastReceive;
        return Optional.of("SQS queue " + url + ": " + (at == null ? "not read yet" : "last read " + at) + ", "
                + deleted.get() + " messages handled and deleted, " + left.get() + " left for redelivery"
                + (lastError.isEmpty() ? "." : "; last error: " + lastError));
    }

    /** Stops the thread (an ongoing long poll is interrupted); messages in handling are deleted or left as usual. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        reconfigured();
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The region of an AWS queue URL ({@code https://sqs.<region>.amazonaws.com/…}, or the legacy
     * {@code https://<region>.queue.amazonaws.com/…}); empty for other hosts (an emulator, a VPC endpoint).
     */
    public static Optional<String> regionOf(String queueUrl) {
        try {
            String host = URI.create(queueUrl).getHost();
            if (host == null) {
                return Optional.empty();
            }
            Matcher m = AWS_QUEUE_HOST.matcher(host);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
