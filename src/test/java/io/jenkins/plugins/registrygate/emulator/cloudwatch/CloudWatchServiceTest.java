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
}
