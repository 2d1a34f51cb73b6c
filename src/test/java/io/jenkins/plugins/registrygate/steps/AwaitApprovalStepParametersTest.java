package io.jenkins.plugins.registrygate.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How awaitApproval reads its text parameters. */
class AwaitApprovalStepParametersTest {

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), AwaitApprovalStep.parseDuration("90s"));
        assertEquals(Optional.of(Duration.ofMinutes(90)), AwaitApprovalStep.parseDuration("1h30m"));
        assertEquals(Optional.of(Duration.ofDays(2)), AwaitApprovalStep.parseDuration("2d"));
        assertEquals(Optional.of(Duration.ofHours(2)), AwaitApprovalStep.parseDuration("PT2H"));
    }

    @Test
    void somethingElseIsNotADuration() {
        assertEquals(Optional.empty(), AwaitApprovalStep.parseDuration("soon"));
        assertEquals(Optional.empty(), AwaitApprovalStep.parseDuration("2 weeks"));
        assertEquals(Optional.empty(), AwaitApprovalStep.parseDuration("h2"));
    }

    @Test
    void approversSplitOnCommasAndSpacesLikeTheInputStep() {
        assertEquals(List.of("alice", "ml-leads", "bob"), AwaitApprovalStep.splitIds(" alice, ml-leads  bob,"));
    }
}
