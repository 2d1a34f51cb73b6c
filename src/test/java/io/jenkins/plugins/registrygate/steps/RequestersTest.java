package io.jenkins.plugins.registrygate.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hudson.model.Cause;
import hudson.model.CauseAction;
import io.jenkins.plugins.registrygate.testing.TestJob;
import io.jenkins.plugins.registrygate.testing.TestRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Separation of duties knows who is behind a build, also through upstream triggers. */
class RequestersTest {

    @Test
    void theUserWhoStartedTheBuild() throws Exception {
        assertEquals(List.of("dave"), Requesters.of(new TestRun(new TestJob("train"), 1, "dave")));
    }

    @Test
    void theUserWhoStartedAnUpstreamBuildThatTriggeredThisOne() throws Exception {
        TestRun release = new TestRun(new TestJob("release"), 7, "erin");
        TestRun train = new TestRun(new TestJob("train"), 3, "");
        train.addAction(new CauseAction(new Cause.UpstreamCause(release)));

        assertEquals(List.of("erin"), Requesters.of(train));
        assertEquals("erin", Requesters.first(train));
    }

    @Test
    void aTimerOrScmBuildHasNone() throws Exception {
        assertEquals(List.of(), Requesters.of(new TestRun(new TestJob("nightly"), 1, "")));
    }
}
