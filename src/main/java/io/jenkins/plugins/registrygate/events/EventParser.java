package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.events.EventRefusal.Reason;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Reads an EventBridge event (the body an API destination POSTs, or an SQS message an EventBridge rule sent) into a
 * {@link RegistryEvent}, refusing what is not one of the events the plugin takes:
 * <ul>
 *   <li>at most {@link #MAX_BYTES} (EventBridge's own maximum event size, 256 KB);</li>
 *   <li>a JSON object with a printable {@code id} of at most 128 characters, {@code source}, {@code detail-type} and
 *       {@code time} (an ISO-8601 string or epoch milliseconds, as a number or a string of digits: SageMaker's events
 *       carry both forms);</li>
 *   <li>{@code aws.sagemaker} "SageMaker Model Package State Change", naming one versioned model package
 *       ({@code detail.ModelPackageArn}, else {@code resources}) whose group, version, account and region agree with
 *       the rest of the event; {@code aws.sagemaker} "SageMaker Model Card State Change" (the versioned model package
 *       ARNs its detail mentions, if any, are read); {@code aws.events} "Scheduled Event" (a heartbeat).</li>
 * </ul>
 * Refusal messages never echo the body; names taken from it are cut short and stripped of control characters.
 */
public final class EventParser {

    /** EventBridge's maximum event size (PutEvents entries and deliveries): 256 KB. */
    public static final int MAX_BYTES = 256 * 1024;

    static final String SAGEMAKER = "aws.sagemaker";
    static final String SCHEDULER = "aws.events";
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,16}(\\.[0-9]*)?");
    private static final Pattern PACKAGE_ARN = Pattern.compile(
            "arn:aws[a-z\\-]*:sagemaker:([a-z0-9\\-]{9,16}):([0-9]{12}):model-package/[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}/[0-9]{1,10}");
    /** Model cards name at most this many versions that get read. */
    private static final int MAX_CARD_PACKAGES = 10;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final JsonNodeParser JSON = JsonNodeParser.create();

    private EventParser() {
    }

    public static RegistryEvent parse(String body) throws EventRefusal {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    public static RegistryEvent parse(byte[] body) throws EventRefusal {
        if (body.length > MAX_BYTES) {
            throw new EventRefusal(Reason.TOO_LARGE, "The body has more than " + MAX_BYTES
                    + " bytes; an EventBridge event has at most 256 KB.");
        }
        JsonNode root;
        try {
            root = JSON.parse(body);
        } catch (RuntimeException e) {
            throw new EventRefusal(Reason.MALFORMED, "The body is not JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new EventRefusal(Reason.MALFORMED, "The body is not a JSON object (an EventBridge event).");
        }
        String id = text(root, "id").orElseThrow(() -> malformed("it has no 'id'"));
        if (!ID.matcher(id).matches()) {
            throw malformed("its 'id' is not 1 to 128 printable characters");
        }
        String source = text(root, "source").orElseThrow(() -> malformed("it has no 'source'"));
        String detailType = text(root, "detail-type").orElseThrow(() -> malformed("it has no 'detail-type'"));
        Instant time = time(root.field("time").orElseThrow(() -> malformed("it has no 'time'")));
        String account = text(root, "account").orElse("");
        if (!account.isEmpty() && !ACCOUNT.matcher(account).matches()) {
            throw malformed("its 'account' is not a 12-digit AWS account");
        }
        String region = text(root, "region").orElse("");
        RegistryEvent.Kind kind = kindOf(source, detailType);
        Optional<JsonNode> detail = root.field("detail").filter(d -> !d.isNull());
        if (kind != RegistryEvent.Kind.HEARTBEAT && (detail.isEmpty() || !detail.get().isObject())) {
            throw malformed("its 'detail' is not an object");
        }
        List<ModelPackageRef> packages = switch (kind) {
            case MODEL_PACKAGE_STATE_CHANGE -> List.of(packageOf(root, detail.get(), account, region));
            case MODEL_CARD_STATE_CHANGE -> packagesMentioned(detail.get());
            case HEARTBEAT -> List.of();
        };
        return new RegistryEvent(id, kind, source, detailType, time, account, region, packages);
    }

    private static RegistryEvent.Kind kindOf(String source, String detailType) throws EventRefusal {
        for (RegistryEvent.Kind k : RegistryEvent.Kind.values()) {
            String expectedSource = k == RegistryEvent.Kind.HEARTBEAT ? SCHEDULER : SAGEMAKER;
            if (k.detailType().equals(detailType) && expectedSource.equals(source)) {
                return k;
            }
        }
        throw new EventRefusal(Reason.UNEXPECTED, "Events of source '" + shown(source) + "' and detail-type '"
                + shown(detailType) + "' are not taken here: only aws.sagemaker 'SageMaker Model Package State Change' and "
                + "'SageMaker Model Card State Change', and aws.events 'Scheduled Event' (the heartbeat).");
    }

    /** The one versioned package of a model package state change, checked against the rest of the event. */
    private static ModelPackageRef packageOf(JsonNode root, JsonNode detail, String account, String region)
            throws EventRefusal {
        Optional<String> arn = text(detail, "ModelPackageArn");
        if (arn.isEmpty()) {
            arn = root.field("resources").filter(JsonNode::isArray).stream()
                    .flatMap(r -> r.asArray().stream())
                    .filter(JsonNode::isString).map(JsonNode::asString)
                    .filter(ModelPackageRef::isVersionedArn).findFirst();
        }
        if (arn.isEmpty()) {
            throw malformed("it names no model package (detail.ModelPackageArn or resources)");
        }
        if (!ModelPackageRef.isVersionedArn(arn.get())) {
            throw new EventRefusal(Reason.UNEXPECTED, "The event is about '" + shown(arn.get())
                    + "', which is not a versioned model package (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>).");
        }
        String status = text(detail, "ModelApprovalStatus").orElse("");
        ModelPackageRef ref = ModelPackageRef.fromArn(arn.get(), status);
        Optional<String> group = text(detail, "ModelPackageGroupName");
        if (group.isPresent() && !group.get().equalsIgnoreCase(ref.group())) {
            throw malformed("its detail.ModelPackageGroupName is not the group of its model package ARN");
        }
        Optional<JsonNode> version = detail.field("ModelPackageVersion").filter(JsonNode::isNumber);
        if (version.isPresent() && !version.get().asNumber().equals(Integer.toString(ref.version()))) {
            throw malformed("its detail.ModelPackageVersion is not the version of its model package ARN");
        }
        Matcher m = PACKAGE_ARN.matcher(ref.arn());
        if (m.matches() && (!region.isEmpty() && !m.group(1).equals(region) || !account.isEmpty() && !m.group(2).equals(account))) {
            throw malformed("its model package is in another region or account than the event");
        }
        return ref;
    }

    /** Versioned model package ARNs anywhere in a model card event's detail (its content's model id, say). */
    private static List<ModelPackageRef> packagesMentioned(JsonNode detail) {
        Set<String> arns = new LinkedHashSet<>();
        collect(detail, arns, 0);
        List<ModelPackageRef> out = new ArrayList<>();
        for (String arn : arns) {
            out.add(ModelPackageRef.fromArn(arn, ""));
        }
        return out;
    }

    private static void collect(JsonNode n, Set<String> arns, int depth) {
        if (arns.size() >= MAX_CARD_PACKAGES || depth > 32) {
            return;
        }
        if (n.isString()) {
            Matcher m = PACKAGE_ARN.matcher(n.asString());
            while (m.find() && arns.size() < MAX_CARD_PACKAGES) {
                arns.add(m.group());
            }
        } else if (n.isArray()) {
            n.asArray().forEach(e -> collect(e, arns, depth + 1));
        } else if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.asObject().entrySet()) {
                collect(e.getValue(), arns, depth + 1);
            }
        }
    }

    /**
     * An event time: ISO-8601 ({@code 2021-02-24T17:00:14Z}, an offset allowed) or epoch milliseconds, as a JSON
     * number ({@code 1622695255225}, {@code 1592411992203.0}) or a string of digits ({@code "1583831889050"}).
     */
    static Instant time(JsonNode n) throws EventRefusal {
        Instant t;
        if (n.isNumber()) {
            t = epochMillis(n.asNumber());
        } else if (n.isString()) {
            String s = n.asString().trim();
            if (DIGITS.matcher(s).matches()) {
                t = epochMillis(s);
            } else {
                try {
                    t = OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeParseException e) {
                    throw malformed("its 'time' is neither ISO-8601 nor epoch milliseconds");
                }
            }
        } else {
            throw malformed("its 'time' is neither ISO-8601 nor epoch milliseconds");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw malformed("its 'time' is not a plausible date");
        }
        return t;
    }

    private static Instant epochMillis(String number) throws EventRefusal {
        try {
            return Instant.ofEpochMilli(new BigDecimal(number).longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            try {
                return Instant.ofEpochMilli(new BigDecimal(number).setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
            } catch (ArithmeticException | NumberFormatException again) {
                throw malformed("its 'time' is neither ISO-8601 nor epoch milliseconds");
            }
        }
    }

    private static Optional<String> text(JsonNode object, String field) {
        return object.field(field).filter(JsonNode::isString).map(JsonNode::asString).filter(s -> !s.isEmpty());
    }

    private static EventRefusal malformed(String why) {
        return new EventRefusal(Reason.MALFORMED, "Not a SageMaker registry event: " + why + ".");
    }

    /** A name from the body, safe to show: at most 80 characters, no control characters. */
    static String shown(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "…";
    }
}
