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

    static final class TimerCause extends Cause {
        @Override
        public String getShortDescription() {
            return "Started by timer";
        }
    }

    @Test
    void whoAnswersForAWaiverIsTheUserWhoStartedTheBuildAndTheBuild() throws Exception {
        assertEquals("erin (churn-deploy #42)", Requesters.accountable(new TestRun(new TestJob("churn-deploy"), 42, "erin")));
    }

    @Test
    void theBuildIsNamedByItsJobAndNumberNotByTheDisplayNameThePipelineSets() throws Exception {
        TestRun run = new TestRun(new TestJob("churn-deploy"), 42, "erin");
        run.setDisplayName("approved by the CAB");

        assertEquals("erin (churn-deploy #42)", Requesters.accountable(run));
    }

    @Test
    void aUserWhoStartedAnUpstreamBuildAnswersWithTheBuildsInBetween() throws Exception {
        TestRun release = new TestRun(new TestJob("release"), 7, "erin");
        TestRun train = new TestRun(new TestJob("train"), 3, "");
        train.addAction(new CauseAction(new Cause.UpstreamCause(release)));
        TestRun deploy = new TestRun(new TestJob("ml/churn-deploy"), 42, "");
        deploy.addAction(new CauseAction(new Cause.UpstreamCause(train)));

        assertEquals("erin (ml/churn-deploy #42, triggered by train #3, triggered by release #7)", Requesters.accountable(deploy));
    }

    @Test
    void withNoUserTheBuildAnswersNamingWhatStartedIt() throws Exception {
        TestRun nightly = new TestRun(new TestJob("churn-deploy"), 42, "");
        nightly.addAction(new CauseAction(new TimerCause()));

        assertEquals("churn-deploy #42 (started by timer, no user)", Requesters.accountable(nightly));
    }

    @Test
    void aBuildWithNoCauseAtAllStillNamesTheBuild() throws Exception {
        assertEquals("churn-deploy #42 (started by an unknown cause, no user)",
                Requesters.accountable(new TestRun(new TestJob("churn-deploy"), 42, "")));
    }
}
