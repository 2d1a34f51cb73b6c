package io.jenkins.plugins.registrygate.emulator.cloudwatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.emulator.Identities;
import io.jenkins.plugins.registrygate.emulator.ServiceTestSupport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.InvalidFormatException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

@SuppressWarnings("unchecked") // the SDK builders' Consumer... varargs
class CloudWatchServiceTest extends ServiceTestSupport {

    CloudWatchClient cw;

    @BeforeEach
    void client() {
        cw = EmulatorClients.cloudWatch(emu);
    }

    @AfterEach
    void close() {
        cw.close();
    }

    /** A latency alarm on a SageMaker endpoint variant, as a guarded deployment names for auto-rollback. */
    static PutMetricAlarmRequest.Builder latencyAlarm(String name) {
        return PutMetricAlarmRequest.builder().alarmName(name)
                .namespace("AWS/SageMaker").metricName("ModelLatency")
                .dimensions(d -> d.name("EndpointName").value("churn"), d -> d.name("VariantName").value("AllTraffic"))
                .statistic(Statistic.AVERAGE).period(60).evaluationPeriods(3).datapointsToAlarm(2)
                .threshold(250_000.0).comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD);
    }

    private MetricAlarm describe(String name) {
        List<MetricAlarm> found = cw.describeAlarms(b -> b.alarmNames(name)).metricAlarms();
        assertEquals(1, found.size(), found::toString);
        return found.get(0);
    }

    @Test
    void aNewAlarmHasInsufficientDataAndItsConfiguration() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());

        MetricAlarm a = describe("churn-latency");

        assertEquals(StateValue.INSUFFICIENT_DATA, a.stateValue());
        assertEquals("Unchecked: Initial alarm creation", a.stateReason());
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-latency", a.alarmArn());
        assertEquals("ModelLatency", a.metricName());
        assertEquals(250_000.0, a.threshold());
        assertEquals(2, a.dimensions().size());
        assertEquals("churn", a.dimensions().get(0).value());
        assertEquals(ComparisonOperator.GREATER_THAN_THRESHOLD, a.comparisonOperator());
        assertEquals(T0, a.stateUpdatedTimestamp());
        assertTrue(a.actionsEnabled());
    }

    @Test
    void setAlarmStateFiresTheAlarm() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());
        clock.advance(Duration.ofMinutes(5));

        cw.setAlarmState(b -> b.alarmName("churn-latency").stateValue(StateValue.ALARM)
                .stateReason("latency above threshold").stateReasonData("{\"p99\":310000}"));

        MetricAlarm a = describe("churn-latency");
        assertEquals(StateValue.ALARM, a.stateValue());
        assertEquals("latency above threshold", a.stateReason());
        assertEquals("{\"p99\":310000}", a.stateReasonData());
        assertEquals(T0.plus(Duration.ofMinutes(5)), a.stateTransitionedTimestamp());
        assertEquals(Optional.of("ALARM"), emu.cloudWatch().alarmState("churn-latency"));
        assertEquals(Optional.of("ALARM"), emu.neighbours().alarmState("churn-latency"));
    }

    @Test
    void updatingAnAlarmKeepsItsStateAndReplacesItsConfiguration() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());
        emu.cloudWatch().setAlarmState("churn-latency", "ALARM", "fired in a test");

        cw.putMetricAlarm(latencyAlarm("churn-latency").threshold(400_000.0).datapointsToAlarm(null).build());

        MetricAlarm a = describe("churn-latency");
        assertEquals(StateValue.ALARM, a.stateValue());
        assertEquals(400_000.0, a.threshold());
        assertNull(a.datapointsToAlarm(), "the update replaced the whole configuration");
    }

    @Test
    void describeAlarmsOmitsNamesThatDoNotExist() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());

        var found = cw.describeAlarms(b -> b.alarmNames("churn-latency", "no-such-alarm")).metricAlarms();

        assertEquals(List.of("churn-latency"), found.stream().map(MetricAlarm::alarmName).toList());
    }

    @Test
    void describeAlarmsFiltersByPrefixAndStateAndPages() {
        for (String n : List.of("churn-errors", "churn-latency", "fraud-latency")) {
            cw.putMetricAlarm(latencyAlarm(n).build());
        }
        emu.cloudWatch().setAlarmState("churn-latency", "ALARM", "test");

        assertEquals(List.of("churn-errors", "churn-latency"), names(cw.describeAlarms(b -> b.alarmNamePrefix("churn"))
                .metricAlarms()));
        assertEquals(List.of("churn-latency"), names(cw.describeAlarms(b -> b.stateValue(StateValue.ALARM))
                .metricAlarms()));
        var first = cw.describeAlarms(b -> b.maxRecords(2));
        assertEquals(List.of("churn-errors", "churn-latency"), names(first.metricAlarms()));
        assertEquals(List.of("fraud-latency"), names(cw.describeAlarms(b -> b.maxRecords(2).nextToken(first.nextToken()))
                .metricAlarms()));
        assertEquals(3, cw.describeAlarmsPaginator(b -> b.maxRecords(1)).metricAlarms().stream().count());
    }

    private static List<String> names(List<MetricAlarm> alarms) {
        return alarms.stream().map(MetricAlarm::alarmName).toList();
    }

    @Test
    void setAlarmStateOfAnUnknownAlarmIsResourceNotFound() {
        // The model gives ResourceNotFound and DashboardNotFoundError the same code, so the SDK's exception class is
        // DashboardNotFoundErrorException, as it would be against CloudWatch itself: the code is what to check.
        CloudWatchException e = assertThrows(CloudWatchException.class, () -> cw.setAlarmState(b -> b
                .alarmName("ghost").stateValue(StateValue.ALARM).stateReason("test")));

        assertEquals("ResourceNotFound", e.awsErrorDetails().errorCode());
        assertEquals(404, e.statusCode());
    }

    @Test
    void stateReasonDataMustBeJson() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());

        assertThrows(InvalidFormatException.class, () -> cw.setAlarmState(b -> b.alarmName("churn-latency")
                .stateValue(StateValue.ALARM).stateReason("test").stateReasonData("{not json")));
        assertEquals(StateValue.INSUFFICIENT_DATA, describe("churn-latency").stateValue());
    }

    @Test
    void deleteAlarmsDeletesThoseThatExistAndNamesTheOthers() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());

        CloudWatchException e = assertThrows(CloudWatchException.class,
                () -> cw.deleteAlarms(b -> b.alarmNames("churn-latency", "ghost")));

        assertEquals("ResourceNotFound", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("ghost"), e.awsErrorDetails().errorMessage());
        assertEquals(List.of(), emu.cloudWatch().alarmNames());
        assertEquals(Optional.empty(), emu.neighbours().alarmState("churn-latency"));
    }

    @Test
    void deleteAlarmsOfExistingAlarmsSucceeds() {
        cw.putMetricAlarm(latencyAlarm("a").build());
        cw.putMetricAlarm(latencyAlarm("b").build());

        cw.deleteAlarms(b -> b.alarmNames("a", "b"));

        assertEquals(List.of(), cw.describeAlarms().metricAlarms());
    }

    @Test
    void alarmHistoryRecordsCreationAndStateChangesNewestFirst() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());
        clock.advance(Duration.ofMinutes(1));
        emu.cloudWatch().setAlarmState("churn-latency", "ALARM", "fired");

        var items = cw.describeAlarmHistory(b -> b.alarmName("churn-latency")).alarmHistoryItems();

        assertEquals(2, items.size());
        assertEquals(HistoryItemType.STATE_UPDATE, items.get(0).historyItemType());
        assertEquals("Alarm updated from INSUFFICIENT_DATA to ALARM", items.get(0).historySummary());
        assertEquals(HistoryItemType.CONFIGURATION_UPDATE, items.get(1).historyItemType());
        assertEquals(1, cw.describeAlarmHistory(b -> b.alarmName("churn-latency")
                .historyItemType(HistoryItemType.STATE_UPDATE)).alarmHistoryItems().size());
    }

    @Test
    void anAlarmNeedsExactlyOneOfMetricNameAndMetrics() {
        CloudWatchException e = assertThrows(CloudWatchException.class, () -> cw.putMetricAlarm(b -> b
                .alarmName("x").evaluationPeriods(1).threshold(1.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)));

        assertEquals("InvalidParameterCombination", e.awsErrorDetails().errorCode());
        assertEquals(List.of(), emu.cloudWatch().alarmNames());
    }

    @Test
    void modelConstraintsAreValidationErrors() {
        CloudWatchException e = assertThrows(CloudWatchException.class,
                () -> cw.putMetricAlarm(latencyAlarm("x").evaluationPeriods(0).build()));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("at 'evaluationPeriods'"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void accessDeniedUsesTheCloudWatchPrefixAndTheAlarmArn() {
        Identities.Credentials bob = user("bob");
        emu.identities().deny(bob.principal(), "cloudwatch:DescribeAlarms");
        try (CloudWatchClient asBob = EmulatorClients.cloudWatch(emu, EmulatorClients.credentials(bob))) {
            CloudWatchException e = assertThrows(CloudWatchException.class,
                    () -> asBob.describeAlarms(b -> b.alarmNames("churn-latency")));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());
            assertEquals("User: arn:aws:iam::123456789012:user/bob is not authorized to perform: "
                    + "cloudwatch:DescribeAlarms on resource: arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-latency"
                    + " because no identity-based policy allows the cloudwatch:DescribeAlarms action",
                    e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void theSdkSpeaksTheQueryProtocolToCloudWatch() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());

        var call = emu.calls("monitoring", "PutMetricAlarm").get(0);

        assertEquals("PutMetricAlarm", call.form().get("Action"));
        assertEquals("EndpointName", call.form().get("Dimensions.member.1.Name"));
        assertFalse(call.responseBody().isEmpty());
    }

    // ------------------------------------------------------------------------------------------ composite alarms

    /** Two metric alarms and a composite alarm in ALARM when either is. */
    private void churnAnyOf() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());
        cw.putMetricAlarm(latencyAlarm("churn-errors").build());
        cw.putCompositeAlarm(b -> b.alarmName("churn-any").alarmRule("ALARM(churn-latency) OR ALARM(\"churn-errors\")")
                .alarmDescription("either symptom"));
    }

    private CompositeAlarm composite(String name) {
        List<CompositeAlarm> found = cw.describeAlarms(b -> b.alarmNames(name).alarmTypes(AlarmType.COMPOSITE_ALARM))
                .compositeAlarms();
        assertEquals(1, found.size(), found::toString);
        return found.get(0);
    }

    @Test
    void aCompositeAlarmIsEvaluatedWhenPutAndWhenOneOfItsAlarmsChangesState() {
        churnAnyOf();
        CompositeAlarm created = composite("churn-any");
        assertEquals(StateValue.OK, created.stateValue(), "evaluated at once: neither child is in ALARM");
        assertEquals("ALARM(churn-latency) OR ALARM(\"churn-errors\")", created.alarmRule());
        assertEquals("either symptom", created.alarmDescription());
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-any", created.alarmArn());
        clock.advance(Duration.ofMinutes(2));

        emu.cloudWatch().setAlarmState("churn-errors", "ALARM", "5xx above threshold");

        CompositeAlarm fired = composite("churn-any");
        assertEquals(StateValue.ALARM, fired.stateValue());
        assertEquals(T0.plus(Duration.ofMinutes(2)), fired.stateTransitionedTimestamp());
        assertEquals(Optional.of("ALARM"), emu.neighbours().alarmState("churn-any"), "SageMaker's rollback sees it");
        emu.cloudWatch().setAlarmState("churn-errors", "OK", "recovered");
        assertEquals(StateValue.OK, composite("churn-any").stateValue());
    }

    @Test
    void describeAlarmsListsCompositeAlarmsOnlyWhenAlarmTypesAsksForThem() {
        churnAnyOf();

        var byDefault = cw.describeAlarms(b -> b.alarmNames("churn-any", "churn-latency"));
        var composites = cw.describeAlarms(b -> b.alarmNames("churn-any", "churn-latency").alarmTypes(AlarmType.COMPOSITE_ALARM));
        var both = cw.describeAlarms(b -> b.alarmNames("churn-any", "churn-latency")
                .alarmTypes(AlarmType.COMPOSITE_ALARM, AlarmType.METRIC_ALARM));

        assertEquals(List.of("churn-latency"), names(byDefault.metricAlarms()));
        assertEquals(List.of(), byDefault.compositeAlarms());
        assertEquals(List.of(), composites.metricAlarms());
        assertEquals(List.of("churn-any"), composites.compositeAlarms().stream().map(CompositeAlarm::alarmName).toList());
        assertEquals(List.of("churn-latency"), names(both.metricAlarms()));
        assertEquals(List.of("churn-any"), both.compositeAlarms().stream().map(CompositeAlarm::alarmName).toList());
    }

    @Test
    void aRuleNamingAnAlarmThatDoesNotExistIsRefused() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());

        CloudWatchException e = assertThrows(CloudWatchException.class, () -> cw.putCompositeAlarm(b -> b
                .alarmName("churn-any").alarmRule("ALARM(churn-latency) OR ALARM(churn-typo)")));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals("Could not save the composite alarm as alarms [churn-typo] in the alarm rule do not exist",
                e.awsErrorDetails().errorMessage());
        assertEquals(List.of("churn-latency"), emu.cloudWatch().alarmNames());
    }

    @Test
    void aRuleThatDoesNotParseIsRefusedWithThePositionOfTheToken() {
        CloudWatchException empty = assertThrows(CloudWatchException.class,
                () -> cw.putCompositeAlarm(b -> b.alarmName("x").alarmRule("()")));
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());
        CloudWatchException spaced = assertThrows(CloudWatchException.class,
                () -> cw.putCompositeAlarm(b -> b.alarmName("x").alarmRule("ALARM(churn latency)")));

        assertEquals("ValidationError", empty.awsErrorDetails().errorCode());
        assertEquals("Error in AlarmRule [Unsupported token ')' at char 1]", empty.awsErrorDetails().errorMessage());
        assertEquals("Error in AlarmRule [Unsupported token 'latency' at char 12, must be: ')']",
                spaced.awsErrorDetails().errorMessage());
    }

    @Test
    void aRuleMayNameAlarmsByArnAndCombineThemWithAndNotAndParentheses() {
        churnAnyOf();
        cw.putCompositeAlarm(b -> b.alarmName("churn-paged").alarmRule(
                "(ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-any) AND NOT OK(churn-latency)) OR FALSE"));
        assertEquals(StateValue.OK, composite("churn-paged").stateValue());

        emu.cloudWatch().setAlarmState("churn-errors", "ALARM", "test");
        assertEquals(StateValue.ALARM, composite("churn-paged").stateValue(),
                "churn-any went into ALARM, and churn-latency is INSUFFICIENT_DATA, not OK: the change reached the composite of a composite");
        emu.cloudWatch().setAlarmState("churn-latency", "OK", "test");
        assertEquals(StateValue.OK, composite("churn-paged").stateValue());
    }

    @Test
    void childrenAndParentsOfAnAlarmAreListedWithNameArnAndForChildrenTheirState() {
        churnAnyOf();
        emu.cloudWatch().setAlarmState("churn-errors", "ALARM", "test");

        var children = cw.describeAlarms(b -> b.childrenOfAlarmName("churn-any"));
        var parents = cw.describeAlarms(b -> b.parentsOfAlarmName("churn-latency"));

        assertEquals(List.of("churn-errors", "churn-latency"), names(children.metricAlarms()));
        assertEquals(StateValue.ALARM, children.metricAlarms().get(0).stateValue());
        assertNull(children.metricAlarms().get(0).metricName(), "only name, ARN, state and its time");
        assertEquals(List.of("churn-any"), parents.compositeAlarms().stream().map(CompositeAlarm::alarmName).toList());
        CloudWatchException e = assertThrows(CloudWatchException.class,
                () -> cw.describeAlarms(b -> b.childrenOfAlarmName("churn-any").stateValue(StateValue.ALARM)));
        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
    }

    @Test
    void anAlarmACompositeAlarmDependsOnCannotBeDeletedAndCompositesAreDeletedOneAtATime() {
        churnAnyOf();
        cw.putCompositeAlarm(b -> b.alarmName("churn-both").alarmRule("ALARM(churn-latency) AND ALARM(churn-errors)"));

        CloudWatchException inUse = assertThrows(CloudWatchException.class, () -> cw.deleteAlarms(b -> b.alarmNames("churn-latency")));
        CloudWatchException two = assertThrows(CloudWatchException.class, () -> cw.deleteAlarms(b -> b.alarmNames("churn-any", "churn-both")));
        assertEquals("ValidationError", inUse.awsErrorDetails().errorCode());
        assertEquals("ValidationError", two.awsErrorDetails().errorCode());
        assertEquals(List.of("churn-any", "churn-both", "churn-errors", "churn-latency"), emu.cloudWatch().alarmNames());

        cw.deleteAlarms(b -> b.alarmNames("churn-any"));
        cw.deleteAlarms(b -> b.alarmNames("churn-both", "churn-latency", "churn-errors"));
        assertEquals(List.of(), emu.cloudWatch().alarmNames());
    }

    @Test
    void readingCompositeAlarmsNeedsDescribeAlarmsOnEveryResource() {
        churnAnyOf();
        Identities.Credentials bob = user("bob");
        emu.identities().allowOnlyOn(bob.principal(), "cloudwatch:DescribeAlarms",
                "arn:aws:cloudwatch:us-east-1:123456789012:alarm:churn-*");
        try (CloudWatchClient asBob = EmulatorClients.cloudWatch(emu, EmulatorClients.credentials(bob))) {
            assertEquals(List.of("churn-latency"), names(asBob.describeAlarms(b -> b.alarmNames("churn-latency")).metricAlarms()));

            CloudWatchException e = assertThrows(CloudWatchException.class, () -> asBob.describeAlarms(b -> b
                    .alarmNames("churn-any").alarmTypes(AlarmType.COMPOSITE_ALARM, AlarmType.METRIC_ALARM)));

            assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
            assertTrue(e.awsErrorDetails().errorMessage().contains("cloudwatch:DescribeAlarms on resource: *"),
                    e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    void compositeAlarmHistoryIsListedWhenAlarmTypesAsksForIt() {
        churnAnyOf();

        var byDefault = cw.describeAlarmHistory(b -> b.alarmName("churn-any")).alarmHistoryItems();
        var composite = cw.describeAlarmHistory(b -> b.alarmName("churn-any").alarmTypes(AlarmType.COMPOSITE_ALARM))
                .alarmHistoryItems();

        assertEquals(List.of(), byDefault);
        assertEquals(List.of("Alarm updated from INSUFFICIENT_DATA to OK", "Alarm \"churn-any\" created"),
                composite.stream().map(h -> h.historySummary()).toList());
        assertEquals(AlarmType.COMPOSITE_ALARM, composite.get(0).alarmType());
    }

    @Test
    void aCycleOfCompositeAlarmsMayBeMadeAndItsEvaluationEnds() {
        cw.putMetricAlarm(latencyAlarm("churn-latency").build());
        cw.putCompositeAlarm(b -> b.alarmName("a").alarmRule("ALARM(churn-latency)"));
        cw.putCompositeAlarm(b -> b.alarmName("b").alarmRule("ALARM(a)"));
        cw.putCompositeAlarm(b -> b.alarmName("a").alarmRule("ALARM(churn-latency) OR ALARM(b)"));
        cw.putCompositeAlarm(b -> b.alarmName("flip").alarmRule("FALSE"));
        cw.putCompositeAlarm(b -> b.alarmName("flip").alarmRule("NOT ALARM(flip)"));

        emu.cloudWatch().setAlarmState("churn-latency", "ALARM", "test");
        emu.cloudWatch().setAlarmState("churn-latency", "OK", "test");

        assertEquals(StateValue.ALARM, composite("a").stateValue(), "each holds the other in ALARM");
        assertEquals(StateValue.ALARM, composite("b").stateValue());
        long flips = cw.describeAlarmHistory(b -> b.alarmName("flip").alarmTypes(AlarmType.COMPOSITE_ALARM)
                .historyItemType(HistoryItemType.STATE_UPDATE)).alarmHistoryItems().size();
        assertTrue(flips > 1 && flips < 50, "a rule that contradicts itself is evaluated a bounded number of times: " + flips);
    }

    @Test
    void aMetricAlarmAndACompositeAlarmCannotShareAName() {
        churnAnyOf();

        CloudWatchException e = assertThrows(CloudWatchException.class, () -> cw.putMetricAlarm(latencyAlarm("churn-any").build()));
        CloudWatchException f = assertThrows(CloudWatchException.class,
                () -> cw.putCompositeAlarm(b -> b.alarmName("churn-latency").alarmRule("TRUE")));

        assertEquals("ValidationError", e.awsErrorDetails().errorCode());
        assertEquals("ValidationError", f.awsErrorDetails().errorCode());
    }
}
