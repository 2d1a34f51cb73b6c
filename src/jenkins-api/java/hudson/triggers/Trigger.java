package hudson.triggers;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Item;
import java.io.ObjectStreamException;

/**
 * Shim: the cron members (spec, tabs, the cron constructor, Cron, checkTriggers, timer) are not declared.
 * Working behaviour: {@link #start} records the job, as the real one does before parsing its cron spec.
 */
public abstract class Trigger<J extends Item> implements Describable<Trigger<?>>, ExtensionPoint {

    @CheckForNull
    protected transient J job;

    protected Trigger() {
    }

    public void start(J project, boolean newInstance) {
        this.job = project;
    }

    public void run() {
    }

    public void stop() {
    }

    /** Real: re-parses the cron spec, then returns this. */
    protected Object readResolve() throws ObjectStreamException {
        return this;
    }

    @Override
    public TriggerDescriptor getDescriptor() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
