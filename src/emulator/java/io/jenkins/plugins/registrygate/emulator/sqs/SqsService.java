package io.jenkins.plugins.registrygate.emulator.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.ModelledService;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * SQS standard queues: where an EventBridge rule puts events for a Jenkins controller that AWS cannot reach. AWS JSON
 * 1.0 with the {@code awsQueryCompatible} error conventions (signing name {@code sqs}, target prefix
 * {@code AmazonSQS}), validated against the official model.
 *
 * <p>Operations: {@code CreateQueue}, {@code GetQueueUrl}, {@code GetQueueAttributes}, {@code SendMessage},
 * {@code ReceiveMessage}, {@code DeleteMessage}, {@code ChangeMessageVisibility}. From the SQS API reference:
 * <ul>
 *   <li>A queue URL is {@code <endpoint>/<account>/<name>} and its ARN {@code arn:aws:sqs:<region>:<account>:<name>};
 *       names are 1 to 80 letters, digits, {@code -} and {@code _}. {@code CreateQueue} of an existing name with the
 *       same attributes returns its URL, with another value for an attribute it is {@code QueueNameExists}
 *       ({@code QueueAlreadyExists}).</li>
 *   <li>Attribute defaults and ranges: {@code VisibilityTimeout} 30 (0 to 43,200 s), {@code DelaySeconds} 0 (0 to
 *       900), {@code ReceiveMessageWaitTimeSeconds} 0 (0 to 20), {@code MessageRetentionPeriod} 345,600 (60 to
 *       1,209,600), {@code MaximumMessageSize} 262,144 (1,024 to 262,144 bytes, as the model the emulator reads says).
 *       A {@code RedrivePolicy} is JSON {@code {"deadLetterTargetArn": <ARN of an existing queue>,
 *       "maxReceiveCount": 1..1000}}.</li>
 *   <li>{@code ReceiveMessage} returns up to {@code MaxNumberOfMessages} (1 to 10, default 1) visible messages, hides
 *       each for {@code VisibilityTimeout} (the request's, else the queue's) and hands out a new receipt handle for
 *       each receive. With {@code WaitTimeSeconds} (0 to 20, default the queue's {@code ReceiveMessageWaitTimeSeconds})
 *       it waits for a message to arrive and returns as soon as one does (long polling).</li>
 *   <li>When a message's receive count reaches the queue's {@code maxReceiveCount} and it is still not deleted, the
 *       next receive moves it to the dead-letter queue instead of returning it.</li>
 *   <li>{@code DeleteMessage} needs the latest receipt handle: an older handle of a message received again since
 *       "succeeds, but the message might not be deleted" (the emulator does not delete it); a deleted message's handle
 *       succeeds again; a handle that was never issued is {@code ReceiptHandleIsInvalid}.
 *       {@code ChangeMessageVisibility} of a message that is not in flight is {@code MessageNotInflight}.</li>
 *   <li>{@code MD5OfBody}/{@code MD5OfMessageBody} is the hex MD5 of the body's UTF-8 bytes, and
 *       {@code MD5OfMessageAttributes} the MD5 of the attributes encoded as SQS documents it (names sorted; each name,
 *       data type and value length-prefixed, with a transport byte 1 for strings and numbers, 2 for binaries): the SDK
 *       checks both.</li>
 *   <li>Errors carry the model's shape name as their type and their query-protocol code in {@code x-amzn-query-error}
 *       ({@code QueueDoesNotExist}: {@code AWS.SimpleQueueService.NonExistentQueue}; {@code MessageNotInflight}:
 *       {@code AWS.SimpleQueueService.MessageNotInflight}), as botocore's SQS model lists them.</li>
 * </ul>
 *
 * Design choices: FIFO queues are not supported ({@code FifoQueue=true} is {@code UnsupportedOperation}); a value out of
 * range, and a constraint the model's input shape states, is {@code InvalidParameterValue} (SQS's query-protocol code
 * for bad parameters); long polling waits in real time (at most {@code WaitTimeSeconds}), while visibility, delays and
 * retention follow the emulator's clock, which the waiting request re-reads every 50 ms; a message moved to the
 * dead-letter queue keeps its id and body, starts with a receive count of 0 there and carries
 * {@code DeadLetterQueueSourceArn}; {@code Policy}, KMS and tag attributes are stored, not enforced.
 */
public final class SqsService extends ModelledService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final long POLL_SLICE_MILLIS = 50;

    /** Settable attributes, their defaults and ranges ({@code null}: a string attribute). */
    private record AttributeRule(String defaultValue, long min, long max) {
        boolean numeric() {
            return min <= max;
        }
    }

    private static final Map<String, AttributeRule> SETTABLE = new LinkedHashMap<>();

    static {
        SETTABLE.put("DelaySeconds", new AttributeRule("0", 0, 900));
        SETTABLE.put("MaximumMessageSize", new AttributeRule("262144", 1024, 262_144));
        SETTABLE.put("MessageRetentionPeriod", new AttributeRule("345600", 60, 1_209_600));
        SETTABLE.put("ReceiveMessageWaitTimeSeconds", new AttributeRule("0", 0, 20));
        SETTABLE.put("VisibilityTimeout", new AttributeRule("30", 0, 43_200));
        SETTABLE.put("RedrivePolicy", new AttributeRule(null, 1, 0));
        SETTABLE.put("RedriveAllowPolicy", new AttributeRule(null, 1, 0));
        SETTABLE.put("Policy", new AttributeRule(null, 1, 0));
        SETTABLE.put("KmsMasterKeyId", new AttributeRule(null, 1, 0));
        SETTABLE.put("KmsDataKeyReusePeriodSeconds", new AttributeRule("300", 60, 86_400));
        SETTABLE.put("SqsManagedSseEnabled", new AttributeRule("true", 1, 0));
        SETTABLE.put("FifoQueue", new AttributeRule(null, 1, 0));
    }

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Supplier<URI> endpoint;
    private final Map<String, Queue> queues = new TreeMap<>();
    /** Receives waiting for a message now (long polls). */
    private int waiting;

    private static final class Queue {
        final String name;
        final String arn;
        final Instant created;
        final Map<String, String> attributes = new TreeMap<>();
        final Map<String, String> tags = new TreeMap<>();
        /** In order of sending. */
        final List<Message> messages = new ArrayList<>();
        final Instant lastModified;

        Queue(String name, String arn, Instant created) {
            this.name = name;
            this.arn = arn;
            this.created = created;
            this.lastModified = created;
        }

        long number(String attribute) {
            String v = attributes.get(attribute);
            return v == null ? Long.parseLong(SETTABLE.get(attribute).defaultValue()) : Long.parseLong(v);
        }
    }

    private static final class Message {
        final String id;
        final String body;
        final JsonNode attributes;
        final String senderId;
        final Instant sent;
        Instant visibleAt;
        int receiveCount;
        Instant firstReceived;
        /** The receipt handle of the latest receive; only it deletes the message. */
        String receipt = "";
        String deadLetterSourceArn = "";

        Message(String id, String body, JsonNode attributes, String senderId, Instant sent, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.attributes = attributes;
            this.senderId = senderId;
            this.sent = sent;
            this.visibleAt = visibleAt;
        }
    }

    /**
     * @param endpoint the emulator's base URL, asked when a queue URL is made (the server binds its port after the
     *                 services are built)
     */
    public SqsService(ServiceModel model, String region, String accountId, Clock clock, Supplier<URI> endpoint) {
        super(model);
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.endpoint = endpoint;
        on("CreateQueue", this::createQueue);
        on("GetQueueUrl", this::getQueueUrl);
        on("GetQueueAttributes", this::getQueueAttributes);
        on("SendMessage", this::sendMessage);
        on("ReceiveMessage", this::receiveMessage);
        on("DeleteMessage", this::deleteMessage);
        on("ChangeMessageVisibility", this::changeMessageVisibility);
    }

    @Override
    public String iamAction(String operation) {
        return "sqs:" + operation;
    }

    @Override
    public String resourceArn(String operation, JsonNode input) {
        String url = input.path("QueueUrl").asText("");
        String name = url.isEmpty() ? input.path("QueueName").asText("") : url.substring(url.lastIndexOf('/') + 1);
        return name.isEmpty() ? "*" : arnOf(name);
    }

    /** Constraint violations and throttling in SQS's words (its query-protocol codes); other errors unchanged. */
    @Override
    public ServiceError translate(ServiceError error) {
        return switch (error.errorCode()) {
            case ServiceError.VALIDATION -> error.reworded(400, "InvalidParameterValue", error.getMessage())
                    .withQueryCode("InvalidParameterValue");
            case ServiceError.THROTTLING -> error.reworded(400, "RequestThrottled", error.getMessage())
                    .withQueryCode("RequestThrottled");
            case ServiceError.ACCESS_DENIED -> error.reworded(403, "AccessDenied", error.getMessage())
                    .withQueryCode("AccessDenied");
            default -> error;
        };
    }

    /** The hex MD5 of a message body, as SQS answers it. */
    public static String md5OfBody(String body) {
        return md5(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The URL of a queue, whether or not it exists. */
    public String queueUrl(String name) {
        String base = endpoint.get().toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/" + accountId + "/" + name;
    }

    public String arnOf(String name) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + name;
    }

    /** How many ReceiveMessage calls are waiting for a message now (long polls in progress). */
    public int waitingReceives() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** Names of the queues, for tests and tools. */
    public Set<String> queueNames() {
        synchronized (lock) {
            return Set.copyOf(queues.keySet());
        }
    }

    // ------------------------------------------------------------------ operations

    private ObjectNode createQueue(Caller caller, ObjectNode r) {
        String name = r.path("QueueName").asText();
        if (!QUEUE_NAME.matcher(name).matches()) {
            throw invalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        Map<String, String> wanted = new TreeMap<>();
        r.path("Attributes").properties().forEach(e -> wanted.put(e.getKey(), e.getValue().asText()));
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            checkAttribute(e.getKey(), e.getValue(), name);
        }
        Queue existing = queues.get(name);
        if (existing != null) {
            for (Map.Entry<String, String> e : wanted.entrySet()) {
                String current = existing.attributes.getOrDefault(e.getKey(), defaultOf(e.getKey()));
                if (!sameValue(e.getKey(), e.getValue(), current)) {
                    throw error("QueueNameExists", "QueueAlreadyExists", 400,
                            "A queue already exists with the same name and a different value for attribute " + e.getKey());
                }
            }
            return NODES.objectNode().put("QueueUrl", queueUrl(name));
        }
        Queue q = new Queue(name, arnOf(name), clock.instant());
        q.attributes.putAll(wanted);
        r.path("tags").properties().forEach(e -> q.tags.put(e.getKey(), e.getValue().asText()));
        queues.put(name, q);
        return NODES.objectNode().put("QueueUrl", queueUrl(name));
    }

    private ObjectNode getQueueUrl(Caller caller, ObjectNode r) {
        String owner = r.path("QueueOwnerAWSAccountId").asText(accountId);
        String name = r.path("QueueName").asText();
        if (!owner.equals(accountId) || !queues.containsKey(name)) {
            throw queueDoesNotExist();
        }
        return NODES.objectNode().put("QueueUrl", queueUrl(name));
    }

    private ObjectNode getQueueAttributes(Caller caller, ObjectNode r) {
        Queue q = queue(r);
        expire(q);
        Set<String> names = new LinkedHashSet<>();
        r.path("AttributeNames").forEach(n -> names.add(n.asText()));
        boolean all = names.contains("All");
        Instant now = clock.instant();
        Map<String, String> out = new TreeMap<>();
        for (String a : SETTABLE.keySet()) {
            String v = q.attributes.get(a);
            if (v == null && SETTABLE.get(a).defaultValue() != null && !a.equals("KmsDataKeyReusePeriodSeconds")) {
                v = SETTABLE.get(a).defaultValue();
            }
            if (v != null && !a.equals("FifoQueue")) {
                out.put(a, v);
            }
        }
        out.put("QueueArn", q.arn);
        out.put("CreatedTimestamp", Long.toString(q.created.getEpochSecond()));
        out.put("LastModifiedTimestamp", Long.toString(q.lastModified.getEpochSecond()));
        long visible = q.messages.stream().filter(m -> !m.visibleAt.isAfter(now)).count();
        long delayed = q.messages.stream().filter(m -> m.receiveCount == 0 && m.visibleAt.isAfter(now)).count();
        long inFlight = q.messages.stream().filter(m -> m.receiveCount > 0 && m.visibleAt.isAfter(now)).count();
        out.put("ApproximateNumberOfMessages", Long.toString(visible));
        out.put("ApproximateNumberOfMessagesDelayed", Long.toString(delayed));
        out.put("ApproximateNumberOfMessagesNotVisible", Long.toString(inFlight));
        ObjectNode attributes = NODES.objectNode();
        out.forEach((k, v) -> {
            if (all || names.contains(k)) {
                attributes.put(k, v);
            }
        });
        ObjectNode result = NODES.objectNode();
        if (!attributes.isEmpty()) {
            result.set("Attributes", attributes);
        }
        return result;
    }

    private ObjectNode sendMessage(Caller caller, ObjectNode r) {
        Queue q = queue(r);
        String body = cleanBody(r.path("MessageBody").asText());
        if (body.isEmpty()) {
            throw invalidParameter("The request must contain the parameter MessageBody.");
        }
        if (r.has("MessageGroupId") || r.has("MessageDeduplicationId")) {
            throw invalidParameter("The request include parameter that is not valid for this queue type");
        }
        JsonNode attributes = r.path("MessageAttributes");
        long size = body.getBytes(StandardCharsets.UTF_8).length + attributeSize(attributes);
        long max = q.number("MaximumMessageSize");
        if (size > max) {
            throw invalidParameter("One or more parameters are invalid. Reason: Message must be shorter than " + max
                    + " bytes.");
        }
        long delay = r.has("DelaySeconds") ? r.get("DelaySeconds").asLong() : q.number("DelaySeconds");
        if (delay < 0 || delay > 900) {
            throw invalidParameter("Value " + delay + " for parameter DelaySeconds is invalid. Reason: DelaySeconds must be"
                    + " >= 0 and <= 900.");
        }
        Instant now = clock.instant();
        Message m = new Message(UUID.randomUUID().toString(), body, attributes.isObject() ? attributes.deepCopy() : NODES.objectNode(),
                caller.principal().principalId(), now, now.plusSeconds(delay));
        q.messages.add(m);
        lock.notifyAll();
        ObjectNode out = NODES.objectNode();
        out.put("MD5OfMessageBody", md5OfBody(body));
        if (m.attributes.size() > 0) {
            out.put("MD5OfMessageAttributes", md5OfAttributes(m.attributes));
        }
        out.put("MessageId", m.id);
        return out;
    }

    private ObjectNode receiveMessage(Caller caller, ObjectNode r) {
        Queue q = queue(r);
        int max = r.has("MaxNumberOfMessages") ? r.get("MaxNumberOfMessages").asInt() : 1;
        if (max < 1 || max > 10) {
            throw invalidParameter("Value " + max + " for parameter MaxNumberOfMessages is invalid. Reason: Must be"
                    + " between 1 and 10, if provided.");
        }
        long visibility = r.has("VisibilityTimeout") ? r.get("VisibilityTimeout").asLong() : q.number("VisibilityTimeout");
        if (visibility < 0 || visibility > 43_200) {
            throw invalidParameter("Value " + visibility + " for parameter VisibilityTimeout is invalid. Reason: Must be"
                    + " >= 0 and <= 43200, if provided.");
        }
        long wait = r.has("WaitTimeSeconds") ? r.get("WaitTimeSeconds").asLong() : q.number("ReceiveMessageWaitTimeSeconds");
        if (wait < 0 || wait > 20) {
            throw invalidParameter("Value " + wait + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and"
                    + " <= 20, if provided.");
        }
        Set<String> systemNames = new LinkedHashSet<>();
        r.path("AttributeNames").forEach(n -> systemNames.add(n.asText()));
        r.path("MessageSystemAttributeNames").forEach(n -> systemNames.add(n.asText()));
        List<String> attributeNames = new ArrayList<>();
        r.path("MessageAttributeNames").forEach(n -> attributeNames.add(n.asText()));
        long deadline = System.nanoTime() + Duration.ofSeconds(wait).toNanos();
        List<Message> taken = take(q, max, visibility);
        waiting++;
        try {
            while (taken.isEmpty() && System.nanoTime() < deadline) {
                long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                try {
                    // Releases the service's lock while waiting, so senders get in; re-reads the clock each slice.
                    lock.wait(Math.max(1, Math.min(POLL_SLICE_MILLIS, left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                taken = take(q, max, visibility);
            }
        } finally {
            waiting--;
        }
        ObjectNode out = NODES.objectNode();
        if (taken.isEmpty()) {
            return out;
        }
        ArrayNode messages = out.putArray("Messages");
        for (Message m : taken) {
            ObjectNode n = messages.addObject();
            n.put("MessageId", m.id);
            n.put("ReceiptHandle", m.receipt);
            n.put("MD5OfBody", md5OfBody(m.body));
            n.put("Body", m.body);
            ObjectNode system = systemAttributes(m, systemNames);
            if (!system.isEmpty()) {
                n.set("Attributes", system);
            }
            ObjectNode selected = selectAttributes(m.attributes, attributeNames);
            if (!selected.isEmpty()) {
                n.put("MD5OfMessageAttributes", md5OfAttributes(selected));
                n.set("MessageAttributes", selected);
            }
        }
        return out;
    }

    /** Up to {@code max} visible messages, each hidden and given a new receipt; over-received ones go to the DLQ. */
    private List<Message> take(Queue q, int max, long visibility) {
        expire(q);
        Instant now = clock.instant();
        Optional<Redrive> redrive = redriveOf(q);
        List<Message> taken = new ArrayList<>();
        for (Iterator<Message> it = q.messages.iterator(); it.hasNext() && taken.size() < max; ) {
            Message m = it.next();
            if (m.visibleAt.isAfter(now)) {
                continue;
            }
            if (redrive.isPresent() && m.receiveCount >= redrive.get().maxReceiveCount()) {
                Queue dlq = byArn(redrive.get().targetArn());
                if (dlq != null) {
                    it.remove();
                    Message moved = new Message(m.id, m.body, m.attributes, m.senderId, m.sent, now);
                    moved.deadLetterSourceArn = q.arn;
                    dlq.messages.add(moved);
                    continue;
                }
            }
            m.receiveCount++;
            if (m.firstReceived == null) {
                m.firstReceived = now;
            }
            m.receipt = receiptHandle(q.name, m.id);
            m.visibleAt = now.plusSeconds(visibility);
            taken.add(m);
        }
        return taken;
    }

    private ObjectNode deleteMessage(Caller caller, ObjectNode r) {
        Queue q = queue(r);
        String handle = r.path("ReceiptHandle").asText();
        String messageId = messageIdOf(handle, q.name);
        q.messages.removeIf(m -> m.id.equals(messageId) && m.receipt.equals(handle));
        return null;
    }

    private ObjectNode changeMessageVisibility(Caller caller, ObjectNode r) {
        Queue q = queue(r);
        String handle = r.path("ReceiptHandle").asText();
        String messageId = messageIdOf(handle, q.name);
        long timeout = r.path("VisibilityTimeout").asLong();
        if (timeout < 0 || timeout > 43_200) {
            throw invalidParameter("Value " + timeout + " for parameter VisibilityTimeout is invalid. Reason: Must be"
                    + " >= 0 and <= 43200.");
        }
        Instant now = clock.instant();
        Message m = q.messages.stream().filter(x -> x.id.equals(messageId)).findFirst().orElse(null);
        if (m == null || !m.receipt.equals(handle) || !m.visibleAt.isAfter(now)) {
            throw error("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400,
                    "Value " + handle + " for parameter ReceiptHandle is invalid. Reason: Message does not exist or is"
                            + " not available for visibility timeout change.");
        }
        m.visibleAt = now.plusSeconds(timeout);
        lock.notifyAll();
        return null;
    }

    // ------------------------------------------------------------------ helpers

    private record Redrive(String targetArn, int maxReceiveCount) {}

    private Optional<Redrive> redriveOf(Queue q) {
        String policy = q.attributes.get("RedrivePolicy");
        if (policy == null || policy.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode p = JSON.readTree(policy);
            return Optional.of(new Redrive(p.path("deadLetterTargetArn").asText(), p.path("maxReceiveCount").asInt()));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private Queue byArn(String arn) {
        return queues.values().stream().filter(x -> x.arn.equals(arn)).findFirst().orElse(null);
    }

    private void checkAttribute(String name, String value, String queueName) {
        AttributeRule rule = SETTABLE.get(name);
        if (rule == null) {
            throw error("InvalidAttributeName", "InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
        }
        if (name.equals("FifoQueue")) {
            if (value.equalsIgnoreCase("true")) {
                throw error("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400,
                        "FIFO queues are not supported by the emulator.");
            }
            return;
        }
        if (rule.numeric()) {
            long v;
            try {
                v = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw invalidAttributeValue(name, "Must be an integer from " + rule.min() + " to " + rule.max() + ".");
            }
            if (v < rule.min() || v > rule.max()) {
                throw invalidAttributeValue(name, "Must be an integer from " + rule.min() + " to " + rule.max() + ".");
            }
        } else if (name.equals("RedrivePolicy") && !value.isBlank()) {
            JsonNode p;
            try {
                p = JSON.readTree(value);
            } catch (java.io.IOException e) {
                throw invalidAttributeValue(name, "Redrive policy is not a valid JSON map.");
            }
            String target = p.path("deadLetterTargetArn").asText("");
            JsonNode count = p.path("maxReceiveCount");
            if (target.isEmpty() || count.isMissingNode()) {
                throw invalidAttributeValue(name, "Redrive policy needs deadLetterTargetArn and maxReceiveCount.");
            }
            int n = count.isNumber() ? count.asInt() : parseOr(count.asText(), -1);
            if (n < 1 || n > 1000) {
                throw invalidAttributeValue(name, "Invalid value for maxReceiveCount: " + count.asText()
                        + ", valid values are from 1 to 1000 both inclusive.");
            }
            Queue dlq = byArn(target);
            if (dlq == null || dlq.name.equals(queueName)) {
                throw invalidAttributeValue(name, "Dead letter target does not exist.");
            }
        }
    }

    private static int parseOr(String s, int dflt) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String defaultOf(String attribute) {
        AttributeRule rule = SETTABLE.get(attribute);
        return rule == null || rule.defaultValue() == null ? "" : rule.defaultValue();
    }

    private static boolean sameValue(String attribute, String a, String b) {
        AttributeRule rule = SETTABLE.get(attribute);
        if (rule != null && rule.numeric()) {
            return parseOr(a, Integer.MIN_VALUE) == parseOr(b, Integer.MAX_VALUE);
        }
        if (attribute.equals("RedrivePolicy") || attribute.equals("RedriveAllowPolicy") || attribute.equals("Policy")) {
            try {
                return JSON.readTree(a).equals(JSON.readTree(b));
            } catch (java.io.IOException e) {
                return a.equals(b);
            }
        }
        return a.equals(b);
    }

    /** Drops messages older than the queue's retention period. */
    private void expire(Queue q) {
        Instant oldest = clock.instant().minusSeconds(q.number("MessageRetentionPeriod"));
        q.messages.removeIf(m -> m.sent.isBefore(oldest));
    }

    private Queue queue(ObjectNode r) {
        String url = r.path("QueueUrl").asText();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw queueDoesNotExist();
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String[] parts = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
        if (parts.length != 2 || !parts[0].equals(accountId)) {
            throw queueDoesNotExist();
        }
        Queue q = queues.get(parts[1]);
        if (q == null) {
            throw queueDoesNotExist();
        }
        return q;
    }

    private static String receiptHandle(String queue, String messageId) {
        String raw = queue + "|" + messageId + "|" + UUID.randomUUID();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The message id a receipt handle of this queue stands for. */
    private static String messageIdOf(String handle, String queue) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw receiptHandleIsInvalid(handle);
        }
        String[] parts = raw.split("\\|");
        if (parts.length != 3 || !parts[0].equals(queue)) {
            throw receiptHandleIsInvalid(handle);
        }
        return parts[1];
    }

    private ObjectNode systemAttributes(Message m, Set<String> names) {
        boolean all = names.contains("All");
        ObjectNode out = NODES.objectNode();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SenderId", m.senderId);
        values.put("SentTimestamp", Long.toString(m.sent.toEpochMilli()));
        values.put("ApproximateReceiveCount", Integer.toString(m.receiveCount));
        values.put("ApproximateFirstReceiveTimestamp", Long.toString(m.firstReceived.toEpochMilli()));
        if (!m.deadLetterSourceArn.isEmpty()) {
            values.put("DeadLetterQueueSourceArn", m.deadLetterSourceArn);
        }
        values.forEach((k, v) -> {
            if (all || names.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The message attributes the request names: {@code All}, {@code .*}, exact names or {@code prefix.*}. */
    private static ObjectNode selectAttributes(JsonNode attributes, List<String> names) {
        ObjectNode out = NODES.objectNode();
        attributes.properties().forEach(e -> {
            for (String n : names) {
                boolean match = n.equals("All") || n.equals(".*") || n.equals(e.getKey())
                        || (n.endsWith(".*") && e.getKey().startsWith(n.substring(0, n.length() - 1)));
                if (match) {
                    out.set(e.getKey(), e.getValue());
                    break;
                }
            }
        });
        return out;
    }

    private static long attributeSize(JsonNode attributes) {
        long n = 0;
        for (Map.Entry<String, JsonNode> e : attributes.properties()) {
            n += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            n += e.getValue().path("DataType").asText("").getBytes(StandardCharsets.UTF_8).length;
            n += valueBytes(e.getValue()).length;
        }
        return n;
    }

    /**
     * MD5 of message attributes as SQS computes it: for each attribute, names in ascending order, its name, its data
     * type and its value, each as a 4-byte big-endian length and the bytes, with a transport byte between type and
     * value (1: string or number, 2: binary).
     */
    public static String md5OfAttributes(JsonNode attributes) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        attributes.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sorted.forEach((name, value) -> {
            lengthPrefixed(out, name.getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(out, value.path("DataType").asText("").getBytes(StandardCharsets.UTF_8));
            boolean binary = value.has("BinaryValue");
            out.write(binary ? 2 : 1);
            lengthPrefixed(out, valueBytes(value));
        });
        return md5(out.toByteArray());
    }

    private static byte[] valueBytes(JsonNode value) {
        if (value.has("BinaryValue")) {
            JsonNode b = value.get("BinaryValue");
            try {
                return b.isBinary() ? b.binaryValue() : Base64.getDecoder().decode(b.asText());
            } catch (java.io.IOException | IllegalArgumentException e) {
                return b.asText().getBytes(StandardCharsets.UTF_8);
            }
        }
        return value.path("StringValue").asText("").getBytes(StandardCharsets.UTF_8);
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Characters outside XML's set are replaced with U+FFFD, as SQS does, rather than refused. */
    private static String cleanBody(String body) {
        StringBuilder b = new StringBuilder(body.length());
        body.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            b.appendCodePoint(allowed ? c : 0xFFFD);
        });
        return b.toString();
    }

    private ServiceError error(String shape, String queryCode, int status, String message) {
        return new ServiceError(status, shape, message).withQueryCode(queryCode);
    }

    private ServiceError queueDoesNotExist() {
        return error("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400,
                "The specified queue does not exist.");
    }

    private static ServiceError receiptHandleIsInvalid(String handle) {
        return new ServiceError(400, "ReceiptHandleIsInvalid",
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.").withQueryCode("ReceiptHandleIsInvalid");
    }

    private static ServiceError invalidParameter(String message) {
        return new ServiceError(400, "InvalidParameterValue", message).withQueryCode("InvalidParameterValue");
    }

    private ServiceError invalidAttributeValue(String attribute, String reason) {
        return error("InvalidAttributeValue", "InvalidAttributeValue", 400,
                "Invalid value for the parameter " + attribute + ". Reason: " + reason);
    }
}
