package io.jenkins.plugins.registrygate.testing;

import hudson.model.Job;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** A minimal job for driving steps offline. */
public final class TestJob extends Job<TestJob, TestRun> {

    public TestJob(String name) {
        super(null, name);
    }

    @Override
    public boolean isBuildable() {
        return true;
    }

    @Override
    protected SortedMap<Integer, ? extends TestRun> _getRuns() {
        return new TreeMap<>();
    }

    @Override
    protected void removeRun(TestRun run) {}

    @Override
    public Collection<? extends Job> getAllJobs() {
        return List.of(this);
    }
}
