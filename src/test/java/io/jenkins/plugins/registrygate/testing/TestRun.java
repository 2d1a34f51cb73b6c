package io.jenkins.plugins.registrygate.testing;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Run;
import java.io.IOException;

/** A build of {@link TestJob}, started by a user (for separation-of-duties checks) or by a timer. */
public final class TestRun extends Run<TestJob, TestRun> {

    public TestRun(TestJob job, int number, String startedBy) throws IOException {
        super(job);
        this.number = number;
        if (!startedBy.isEmpty()) {
            addAction(new CauseAction(new Cause.UserIdCause(startedBy)));
        }
    }
}
