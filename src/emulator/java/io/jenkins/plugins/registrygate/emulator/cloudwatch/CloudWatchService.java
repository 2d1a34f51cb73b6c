package io.jenkins.plugins.registrygate.emulator.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.registrygate.emulator.AwsQueryProtocol;
import io.jenkins.plugins.registrygate.emulator.Caller;
import io.jenkins.plugins.registrygate.emulator.ModelledService;
import io.jenkins.plugins.registrygate.emulator.ServiceError;
import io.jenkins.plugins.registrygate.emulator.ServiceModel;
import io.jenkins.plugins.registrygate.emulator.WireValues;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * CloudWatch metric and composite alarms: the alarms a guarded SageMaker deployment names for auto-rollback. Served
 * over the query protocol (AWS SDK for Java v2) and AWS JSON 1.0 (botocore), signing name {@code monitoring}, IAM
 * prefix {@code cloudwatch}; validated against the official model.
 *
 * <p>Operations: {@code PutMetricAlarm}, {@code PutCompositeAlarm}, {@code DescribeAlarms}, {@code SetAlarmState},
 * {@code DescribeAlarmHistory}, {@code DeleteAlarms}. No metrics are stored or evaluated: a metric alarm's state
 * changes only through {@code SetAlarmState} (CloudWatch's own way to fire an alarm on purpose; tests and the demo use
 * it, or {@link #setAlarmState} in-process), and stays as set (design choice: on AWS a metric alarm returns to the
 * state its metric gives it within seconds). A composite alarm's state is its {@link AlarmRule} evaluated on the states
 * of the alarms it names: at once when it is put (created or updated), and again whenever one of them changes state;
 * a {@code SetAlarmState} of a composite alarm holds until then.
 *
 * <p>Composite alarms, from the API reference: {@code PutCompositeAlarm} needs every alarm its rule names to exist
 * ({@code ValidationError} "Could not save the composite alarm as alarms [...] in the alarm rule do not exist", as
 * CloudWatch words it) and a rule that parses; a rule names at most 100 alarms; cycles of composite alarms may be
 * made, and evaluation stops where one would loop; {@code DescribeAlarms} and {@code DescribeAlarmHistory} list
 * composite alarms only when {@code AlarmTypes} asks for them, and doing so (or {@code ChildrenOfAlarmName},
 * {@code ParentsOfAlarmName}) needs {@code cloudwatch:DescribeAlarms} on {@code *}: the request's resource is
 * {@code *}; {@code ChildrenOfAlarmName}/{@code ParentsOfAlarmName} take no other parameter but {@code MaxRecords} and
 * {@code NextToken} and answer name, ARN (and, for children, state and its time) only; {@code DeleteAlarms} deletes
 * at most one composite alarm per call.
 *
 * <p>From the CloudWatch API reference: a new alarm is {@code INSUFFICIENT_DATA} ("Unchecked: Initial alarm
 * creation"); updating an alarm keeps its state, overwrites its whole configuration and ignores {@code Tags};
 * {@code DescribeAlarms} without {@code AlarmTypes} lists metric alarms only, and names that do not exist are simply
 * not listed; {@code SetAlarmState} of an unknown alarm is {@code ResourceNotFound} (HTTP 404), and
 * {@code StateReasonData} must be JSON ({@code InvalidFormat}); {@code DeleteAlarms} deletes the named alarms that
 * exist even when some names are wrong. Design choices:
 * <ul>
 *   <li>{@code DeleteAlarms} naming alarms that do not exist answers {@code ResourceNotFound} listing them, after
 *       deleting the others.</li>
 *   <li>{@code Tags} of a new alarm are accepted and not kept ({@code ListTagsForResource} is not emulated); alarm
 *       actions are kept and listed but never run.</li>
 *   <li>Configuration rules checked (codes as CloudWatch's common errors, wording the emulator's own): exactly one of
 *       {@code MetricName} and {@code Metrics} ({@code InvalidParameterCombination}); with {@code MetricName}, a
 *       {@code Namespace}, a {@code Period} of 10, 30 or a multiple of 60 and exactly one of {@code Statistic} and
 *       {@code ExtendedStatistic}; a {@code Threshold} unless {@code ThresholdMetricId}; {@code DatapointsToAlarm}
 *       at most {@code EvaluationPeriods} ({@code ValidationError}/{@code MissingParameter}).</li>
 *   <li>Lists are in order of alarm name; {@code DescribeAlarms} pages hold 50 alarms by default, history pages 100;
 *       {@code NextToken} is opaque, and one that was not issued is {@code InvalidNextToken}.</li>
 *   <li>Access denied is {@code AccessDenied} (HTTP 403) naming the alarm's ARN, or {@code …:alarm:*} for a request
 *       naming several.</li>
 * </ul>
 */
public final class CloudWatchService extends ModelledService {

    /** The most alarms one rule may name (API reference). */
    private static final int MAX_RULE_CHILDREN = 100;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MAX_RECORDS = 50;
    private static final int DEFAULT_MAX_HISTORY = 100;

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Map<String, Alarm> alarms = new TreeMap<>();
    private final List<HistoryItem> history = new ArrayList<>();

    /** One metric or composite alarm: its configuration as last put, and its state. */
    private static final class Alarm {
        final String name;
        final String arn;
        final boolean composite;
        /** A composite alarm's rule; {@code null} for a metric alarm. */
        AlarmRule rule;
        ObjectNode configuration;
        Instant configurationUpdated;
        String state = "INSUFFICIENT_DATA";
        String reason = "Unchecked: Initial alarm creation";
        String reasonData;
        Instant stateUpdated;
        Instant stateTransitioned;

        Alarm(String name, String arn, boolean composite, Instant now) {
            this.name = name;
            this.arn = arn;
            this.composite = composite;
            this.stateUpdated = now;
            this.stateTransitioned = now;
        }
    }

    private record HistoryItem(String alarmName, boolean composite, Instant at, String type, String summary, String data) {}

    public CloudWatchService(ServiceModel model, String region, String accountId, Clock clock) {
        super(model);
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        on("PutMetricAlarm", this::putMetricAlarm);
        on("PutCompositeAlarm", this::putCompositeAlarm);
        on("DescribeAlarms", this::describeAlarms);
        on("SetAlarmState", this::setAlarmState);
        on("DescribeAlarmHistory", this::describeAlarmHistory);
        on("DeleteAlarms", this::deleteAlarms);
    }

    /** The alarm's state ({@code OK}, {@code ALARM}, {@code INSUFFICIENT_DATA}), if the metric or composite alarm exists. */
    public Optional<String> alarmState(String name) {
        synchronized (lock) {
            return Optional.ofNullable(alarms.get(name)).map(a -> a.state);
        }
    }

    /** Sets an alarm's state as {@code SetAlarmState} does (validated; the same errors), for tests in-process. */
    public void setAlarmState(String name, String state, String reason) {
        invoke("SetAlarmState", null, NODES.objectNode().put("AlarmName", name).put("StateValue", state)
                .put("StateReason", reason));
    }

    @Override
    public String iamAction(String operation) {
        return "cloudwatch:" + operation;
    }

    @Override
    public String resourceArn(String operation, JsonNode input) {
        boolean composites = false;
        for (JsonNode t : input.path("AlarmTypes")) {
            composites |= "CompositeAlarm".equals(t.asText());
        }
        // The API reference: composite alarms are put and read only with the permission scoped to *.
        if (operation.equals("PutCompositeAlarm") || composites || input.has("ChildrenOfAlarmName")
                || input.has("ParentsOfAlarmName")) {
            return "*";
        }
        JsonNode names = input.path("AlarmNames");
        String name = input.path("AlarmName").asText(names.size() == 1 ? names.get(0).asText("*") : "*");
        return alarmArn(name);
    }

    @Override
    public ServiceError accessDenied(Caller caller, String action, String resource) {
        return new ServiceError(403, "AccessDenied", "User: " + caller.principal().arn()
                + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action");
    }

    @Override
    public ServiceError translate(ServiceError error) {
        return AwsQueryProtocol.queryWording(error);
    }

    private String alarmArn(String name) {
        return "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + name;
    }

    private ObjectNode putMetricAlarm(Caller caller, ObjectNode r) {
        checkConfiguration(r);
        Instant now = clock.instant();
        String name = r.get("AlarmName").asText();
        Alarm alarm = alarms.get(name);
        if (alarm != null && alarm.composite) {
            throw ServiceError.validation("The alarm " + name + " is a composite alarm: update it with PutCompositeAlarm.");
        }
        boolean created = alarm == null;
        if (created) {
            alarm = new Alarm(name, alarmArn(name), false, now);
            alarms.put(name, alarm);
        }
        configure(alarm, r, created, now);
        return null;
    }

    private void configure(Alarm alarm, ObjectNode r, boolean created, Instant now) {
        ObjectNode configuration = r.deepCopy();
        configuration.remove("Tags");
        alarm.configuration = configuration;
        alarm.configurationUpdated = now;
        history.add(new HistoryItem(alarm.name, alarm.composite, now, "ConfigurationUpdate",
                "Alarm \"" + alarm.name + "\" " + (created ? "created" : "updated"),
                "{\"type\":\"" + (created ? "Create" : "Update") + "\"}"));
    }

    private ObjectNode putCompositeAlarm(Caller caller, ObjectNode r) {
        String name = r.get("AlarmName").asText();
        Alarm alarm = alarms.get(name);
        if (alarm != null && !alarm.composite) {
            throw ServiceError.validation("The alarm " + name + " is a metric alarm: update it with PutMetricAlarm.");
        }
        AlarmRule rule = AlarmRule.parse(r.get("AlarmRule").asText(), this::nameOf);
        List<String> missing = rule.children().stream().filter(c -> !alarms.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw ServiceError.validation("Could not save the composite alarm as alarms " + missing
                    + " in the alarm rule do not exist");
        }
        if (rule.children().size() > MAX_RULE_CHILDREN) {
            throw ServiceError.validation("The alarm rule names " + rule.children().size() + " alarms; at most "
                    + MAX_RULE_CHILDREN + " are allowed.");
        }
        if (r.has("ActionsSuppressor")) {
            if (!r.has("ActionsSuppressorWaitPeriod") || !r.has("ActionsSuppressorExtensionPeriod")) {
                throw new ServiceError(400, "MissingParameter", "ActionsSuppressorWaitPeriod and "
                        + "ActionsSuppressorExtensionPeriod are required with ActionsSuppressor.");
            }
            if (!alarms.containsKey(nameOf(r.get("ActionsSuppressor").asText()))) {
                throw ServiceError.validation("The ActionsSuppressor alarm " + r.get("ActionsSuppressor").asText()
                        + " does not exist.");
            }
        }
        Instant now = clock.instant();
        boolean created = alarm == null;
        if (created) {
            alarm = new Alarm(name, alarmArn(name), true, now);
            alarms.put(name, alarm);
        }
        alarm.rule = rule;
        configure(alarm, r, created, now);
        // Created in INSUFFICIENT_DATA, then evaluated; an update is evaluated again (API reference).
        if (evaluate(alarm, now)) {
            propagate(alarm.name, now);
        }
        return null;
    }

    /** The alarm name an AlarmRule or ActionsSuppressor reference stands for: an ARN of this account and region, or a name. */
    private String nameOf(String reference) {
        String prefix = alarmArn("");
        return reference.startsWith(prefix) ? reference.substring(prefix.length()) : reference;
    }

    /** Sets a composite alarm's state from its rule; true if the state changed. */
    private boolean evaluate(Alarm composite, Instant now) {
        boolean holds = composite.rule.holds(child -> {
            Alarm c = alarms.get(child);
            return c == null ? "" : c.state;
        });
        String to = holds ? "ALARM" : "OK";
        if (to.equals(composite.state)) {
            return false;
        }
        changeState(composite, to, "The alarm rule " + composite.rule + " evaluated to " + (holds ? "TRUE" : "FALSE"),
                null, now);
        return true;
    }

    /**
     * Evaluates again the composite alarms that name {@code changed}, and those naming any of them that changed state
     * in turn. A cycle of composite alarms could change state forever: evaluation stops after a bounded number of
     * steps, as CloudWatch stops where it detects one.
     */
    private void propagate(String changed, Instant now) {
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>(List.of(changed));
        int budget = 4 * alarms.size() + 4;
        while (!work.isEmpty() && budget > 0) {
            String name = work.poll();
            for (Alarm parent : alarms.values()) {
                if (parent.composite && parent.rule.children().contains(name) && budget-- > 0 && evaluate(parent, now)) {
                    work.add(parent.name);
                }
            }
        }
    }

    private void changeState(Alarm a, String to, String reason, String reasonData, Instant now) {
        String from = a.state;
        a.state = to;
        a.reason = reason;
        a.reasonData = reasonData;
        a.stateUpdated = now;
        if (!from.equals(to)) {
            a.stateTransitioned = now;
        }
        ObjectNode historyData = NODES.objectNode();
        historyData.putObject("oldState").put("stateValue", from);
        historyData.putObject("newState").put("stateValue", to).put("stateReason", reason);
        history.add(new HistoryItem(a.name, a.composite, now, "StateUpdate", "Alarm updated from " + from + " to " + to,
                historyData.toString()));
    }

    private static void checkConfiguration(ObjectNode r) {
        boolean single = r.has("MetricName");
        if (single == r.has("Metrics")) {
            throw new ServiceError(400, "InvalidParameterCombination",
                    "Exactly one of MetricName and Metrics must be specified.");
        }
        if (single) {
            if (!r.has("Namespace")) {
                throw new ServiceError(400, "MissingParameter", "The parameter Namespace is required with MetricName.");
            }
            if (!r.has("Period")) {
                throw new ServiceError(400, "MissingParameter", "The parameter Period is required with MetricName.");
            }
            int period = r.get("Period").asInt();
            if (period != 10 && period != 30 && period % 60 != 0) {
                throw ServiceError.validation("Period must be 10, 30 or a multiple of 60.");
            }
            if (r.has("Statistic") == r.has("ExtendedStatistic")) {
                throw new ServiceError(400, "InvalidParameterCombination",
                        "Exactly one of Statistic and ExtendedStatistic must be specified.");
            }
        }
        if (!r.has("Threshold") && !r.has("ThresholdMetricId")) {
            throw new ServiceError(400, "MissingParameter", "The parameter Threshold is required.");
        }
        if (r.has("DatapointsToAlarm") && r.get("DatapointsToAlarm").asInt() > r.get("EvaluationPeriods").asInt()) {
            throw ServiceError.validation("DatapointsToAlarm must be less than or equal to EvaluationPeriods.");
        }
    }

    private ObjectNode describeAlarms(Caller caller, ObjectNode r) {
        if (r.has("ChildrenOfAlarmName") || r.has("ParentsOfAlarmName")) {
            return relatives(r);
        }
        if (r.has("AlarmNames") && r.has("AlarmNamePrefix")) {
            throw new ServiceError(400, "InvalidParameterCombination",
                    "AlarmNames and AlarmNamePrefix cannot be specified together.");
        }
        Set<String> types = new LinkedHashSet<>();
        r.path("AlarmTypes").forEach(t -> types.add(t.asText()));
        boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
        boolean compositeAlarms = types.contains("CompositeAlarm");
        Set<String> names = new LinkedHashSet<>();
        r.path("AlarmNames").forEach(n -> names.add(n.asText()));
        String prefix = r.path("AlarmNamePrefix").asText("");
        String state = r.path("StateValue").asText("");
        String actionPrefix = r.path("ActionPrefix").asText("");
        Predicate<Alarm> wanted = a -> (names.isEmpty() || names.contains(a.name)) && a.name.startsWith(prefix)
                && (state.isEmpty() || state.equals(a.state))
                && (actionPrefix.isEmpty() || hasActionWithPrefix(a, actionPrefix));
        List<Alarm> matching = new ArrayList<>();
        alarms.values().stream().filter(a -> a.composite ? compositeAlarms : metricAlarms).filter(wanted)
                .forEach(matching::add);
        ObjectNode out = NODES.objectNode();
        ArrayNode metric = out.putArray("MetricAlarms");
        ArrayNode composite = out.putArray("CompositeAlarms");
        // Design choice: one list in order of name, paged as one, each alarm under its type.
        page(matching, r, DEFAULT_MAX_RECORDS, out).forEach(a -> (a.composite ? composite : metric).add(describe(a)));
        return out;
    }

    /** {@code ChildrenOfAlarmName} or {@code ParentsOfAlarmName}: the alarms a composite alarm names, or those naming an alarm. */
    private ObjectNode relatives(ObjectNode r) {
        boolean children = r.has("ChildrenOfAlarmName");
        String name = r.get(children ? "ChildrenOfAlarmName" : "ParentsOfAlarmName").asText();
        for (String other : List.of("ChildrenOfAlarmName", "ParentsOfAlarmName", "AlarmNames", "AlarmNamePrefix",
                "AlarmTypes", "StateValue", "ActionPrefix")) {
            if (r.has(other) && !other.equals(children ? "ChildrenOfAlarmName" : "ParentsOfAlarmName")) {
                throw ServiceError.validation((children ? "ChildrenOfAlarmName" : "ParentsOfAlarmName")
                        + " cannot be combined with " + other + "; only MaxRecords and NextToken may be given with it.");
            }
        }
        List<Alarm> found = new ArrayList<>();
        Alarm named = alarms.get(name);
        if (children) {
            if (named != null && named.composite) {
                named.rule.children().stream().map(alarms::get).filter(java.util.Objects::nonNull)
                        .sorted(java.util.Comparator.comparing(a -> a.name)).forEach(found::add);
            }
        } else {
            alarms.values().stream().filter(a -> a.composite && a.rule.children().contains(name)).forEach(found::add);
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode metric = out.putArray("MetricAlarms");
        ArrayNode composite = out.putArray("CompositeAlarms");
        for (Alarm a : page(found, r, DEFAULT_MAX_RECORDS, out)) {
            ObjectNode n = (a.composite ? composite : metric).addObject();
            n.put("AlarmName", a.name);
            n.put("AlarmArn", a.arn);
            if (children) {
                n.put("StateValue", a.state);
                n.set("StateUpdatedTimestamp", WireValues.epochSeconds(a.stateUpdated));
            }
        }
        return out;
    }

    private static boolean hasActionWithPrefix(Alarm a, String prefix) {
        for (String list : List.of("AlarmActions", "OKActions", "InsufficientDataActions")) {
            for (JsonNode action : a.configuration.path(list)) {
                if (action.asText().startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One page of {@code items}; puts {@code NextToken} into {@code out} when more follow. */
    private <T> List<T> page(List<T> items, ObjectNode r, int defaultMax, ObjectNode out) {
        int max = r.path("MaxRecords").asInt(defaultMax);
        int from = 0;
        if (r.has("NextToken")) {
            String token = r.get("NextToken").asText();
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw modelled("InvalidNextToken", "The service couldn't process the NextToken " + token + ".");
            }
        }
        List<T> page = items.subList(Math.min(from, items.size()), Math.min(from + max, items.size()));
        if (from + max < items.size()) {
            out.put("NextToken", Base64.getEncoder().encodeToString(
                    String.valueOf(from + max).getBytes(StandardCharsets.UTF_8)));
        }
        return page;
    }

    private ObjectNode describe(Alarm a) {
        ObjectNode n = NODES.objectNode();
        n.put("AlarmName", a.name);
        n.put("AlarmArn", a.arn);
        ServiceModel.Shape shape = model().shape(a.composite ? "CompositeAlarm" : "MetricAlarm");
        a.configuration.properties().forEach(e -> {
            if (shape.members().containsKey(e.getKey()) && !n.has(e.getKey())) {
                n.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        if (!n.has("ActionsEnabled")) {
            n.put("ActionsEnabled", true);
        }
        for (String list : List.of("OKActions", "AlarmActions", "InsufficientDataActions")) {
            if (!n.has(list)) {
                n.putArray(list);
            }
        }
        if (!a.composite && !n.has("Dimensions") && n.has("MetricName")) {
            n.putArray("Dimensions");
        }
        n.set("AlarmConfigurationUpdatedTimestamp", WireValues.epochSeconds(a.configurationUpdated));
        n.put("StateValue", a.state);
        n.put("StateReason", a.reason);
        if (a.reasonData != null) {
            n.put("StateReasonData", a.reasonData);
        }
        n.set("StateUpdatedTimestamp", WireValues.epochSeconds(a.stateUpdated));
        n.set("StateTransitionedTimestamp", WireValues.epochSeconds(a.stateTransitioned));
        return n;
    }

    private ObjectNode setAlarmState(Caller caller, ObjectNode r) {
        String name = r.get("AlarmName").asText();
        Alarm a = alarms.get(name);
        if (a == null) {
            throw modelled("ResourceNotFound", "Alarm " + name + " not found");
        }
        String data = r.has("StateReasonData") ? r.get("StateReasonData").asText() : null;
        if (data != null) {
            try {
                JSON.readTree(data);
            } catch (IOException e) {
                throw modelled("InvalidFormatFault", "StateReasonData is not valid JSON.");
            }
        }
        Instant now = clock.instant();
        String from = a.state;
        changeState(a, r.get("StateValue").asText(), r.get("StateReason").asText(), data, now);
        if (!from.equals(a.state)) {
            // Composite alarms naming this one are evaluated again when it changes state.
            propagate(name, now);
        }
        return null;
    }

    private ObjectNode describeAlarmHistory(Caller caller, ObjectNode r) {
        String name = r.path("AlarmName").asText("");
        String type = r.path("HistoryItemType").asText("");
        Instant start = r.has("StartDate") ? WireValues.instant(r.get("StartDate")) : Instant.MIN;
        Instant end = r.has("EndDate") ? WireValues.instant(r.get("EndDate")) : Instant.MAX;
        boolean ascending = "TimestampAscending".equals(r.path("ScanBy").asText(""));
        Set<String> types = new LinkedHashSet<>();
        r.path("AlarmTypes").forEach(t -> types.add(t.asText()));
        boolean metricAlarms = types.isEmpty() || types.contains("MetricAlarm");
        boolean compositeAlarms = types.contains("CompositeAlarm");
        List<HistoryItem> matching = new ArrayList<>();
        for (HistoryItem h : history) {
            if ((h.composite() ? compositeAlarms : metricAlarms)
                    && (name.isEmpty() || name.equals(h.alarmName())) && (type.isEmpty() || type.equals(h.type()))
                    && !h.at().isBefore(start) && h.at().isBefore(end)) {
                matching.add(h);
            }
        }
        if (!ascending) {
            List<HistoryItem> reversed = new ArrayList<>(matching);
            java.util.Collections.reverse(reversed);
            matching = reversed;
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("AlarmHistoryItems");
        for (HistoryItem h : page(matching, r, DEFAULT_MAX_HISTORY, out)) {
            ObjectNode item = list.addObject();
            item.put("AlarmName", h.alarmName());
            item.put("AlarmType", h.composite() ? "CompositeAlarm" : "MetricAlarm");
            item.set("Timestamp", WireValues.epochSeconds(h.at()));
            item.put("HistoryItemType", h.type());
            item.put("HistorySummary", h.summary());
            item.put("HistoryData", h.data());
        }
        return out;
    }

    private ObjectNode deleteAlarms(Caller caller, ObjectNode r) {
        Set<String> named = new LinkedHashSet<>();
        r.get("AlarmNames").forEach(n -> named.add(n.asText()));
        if (named.stream().map(alarms::get).filter(a -> a != null && a.composite).count() > 1) {
            throw ServiceError.validation("At most one composite alarm can be deleted per request.");
        }
        // Design choice (the API reference: an alarm a composite alarm still depends on cannot be deleted): refused,
        // nothing deleted, unless the composite alarms naming it are deleted by the same request.
        for (Alarm parent : alarms.values()) {
            if (parent.composite && !named.contains(parent.name)) {
                List<String> used = parent.rule.children().stream().filter(named::contains).toList();
                if (!used.isEmpty()) {
                    throw ServiceError.validation("Alarms " + used + " cannot be deleted: the rule of composite alarm "
                            + parent.name + " depends on them.");
                }
            }
        }
        List<String> missing = new ArrayList<>();
        Instant now = clock.instant();
        for (String name : named) {
            Alarm removed = alarms.remove(name);
            if (removed == null) {
                missing.add(name);
            } else {
                history.add(new HistoryItem(name, removed.composite, now, "ConfigurationUpdate",
                        "Alarm \"" + name + "\" deleted", "{\"type\":\"Delete\"}"));
            }
        }
        if (!missing.isEmpty()) {
            throw modelled("ResourceNotFound", missing.size() + " of " + r.get("AlarmNames").size()
                    + " alarms were not found: " + String.join(", ", missing));
        }
        return null;
    }

    /** For tests: every alarm name, in order. */
    public List<String> alarmNames() {
        synchronized (lock) {
            return List.copyOf(alarms.keySet());
        }
    }
}
