package hudson.model;

import hudson.ExtensionPoint;
import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.SortedMap;
import jenkins.model.ModelObjectWithChildren;
import jenkins.widgets.HasWidgets;
import org.kohsuke.stapler.StaplerOverridable;
import org.kohsuke.stapler.export.Exported;

/**
 * Shim. Working behaviour: build numbers are assigned in memory ({@link #assignBuildNumber()}), and everything
 * inherited from {@link AbstractItem}.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>>
        extends AbstractItem implements ExtensionPoint, StaplerOverridable, ModelObjectWithChildren, HasWidgets {

    protected transient volatile int nextBuildNumber = 1;

    protected Job(ItemGroup parent, String name) {
        super(parent, name);
    }

    public int assignBuildNumber() throws IOException {
        synchronized (this) {
            return nextBuildNumber++;
        }
    }

    @Exported
    public int getNextBuildNumber() {
        return nextBuildNumber;
    }

    @Override
    public Collection<? extends Job> getAllJobs() {
        return Set.of(this);
    }

    @Exported
    public abstract boolean isBuildable();

    protected abstract SortedMap<Integer, ? extends RunT> _getRuns();

    protected abstract void removeRun(RunT run);
}
