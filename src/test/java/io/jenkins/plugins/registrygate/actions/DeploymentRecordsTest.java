package io.jenkins.plugins.registrygate.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The build's deployment records: one per deployment, updated as it goes, never reopened once ended. */
class DeploymentRecordsTest {

    static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");

    static DeploymentRecord record(String id, String outcome, Optional<Instant> endedAt) {
        return new DeploymentRecord(id, "churn-prod", "", "", "", "", "", 0, "", List.of(), List.of(), "", AT, endedAt, outcome, "",
                List.of(), List.of());
    }

    @Test
    void aLaterRecordOfTheSameDeploymentReplacesTheEarlierOne() {
        RegistryGateAction action = new RegistryGateAction();
        action.deployment(record("d-1", "ADMITTING", Optional.empty()));
        action.deployment(record("d-1", "ROLLING_OUT", Optional.empty()));
        action.deployment(record("d-2", "ADMITTING", Optional.empty()));

        assertEquals(List.of("ROLLING_OUT", "ADMITTING"), action.deploymentRecords().stream().map(DeploymentRecord::getOutcome).toList());
    }

    @Test
    void aStaleUpdateArrivingAfterTheEndNeverReopensTheRecord() {
        RegistryGateAction action = new RegistryGateAction();
        action.deployment(record("d-1", "ABORTED", Optional.of(AT.plusSeconds(60))));
        action.deployment(record("d-1", "ROLLING_OUT", Optional.empty()));

        assertEquals("ABORTED", action.deploymentRecords().get(0).getOutcome());
    }
}
