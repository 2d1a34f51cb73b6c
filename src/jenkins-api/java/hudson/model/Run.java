package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.File;
import java.io.IOException;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import jenkins.console.WithConsoleUrl;
import jenkins.model.HistoricalBuild;
import jenkins.model.RunAction2;
import jenkins.util.io.OnMaster;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Shim. Working behaviour: the constructors record the job, number and timestamp ({@code Run(JobT)} takes the next
 * number from {@link Job#assignBuildNumber()}, {@code Run(JobT, File)} takes it from the directory name and remembers
 * the directory as {@link #getRootDir()}); ids, names, URLs and causes are computed as Jenkins does outside an HTTP
 * request, with the display name {@link #setDisplayName} set; {@link #addAction} notifies {@link RunAction2#onAttached};
 * {@link #save()} does nothing;
 * {@link #getACL()} delegates to the job.
 */
@ExportedBean
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>>
        extends Actionable implements ExtensionPoint, Comparable<RunT>, AccessControlled, PersistenceRoot, DescriptorByNameOwner, OnMaster, StaplerProxy, HistoricalBuild, WithConsoleUrl {

    protected final transient @NonNull JobT project;

    public transient /*final*/ int number;

    protected /*final*/ long timestamp;

    private volatile String displayName;

    /** Shim only: the directory given to {@link #Run(Job, File)}. */
    private transient File shimRootDir;

    protected Run(@NonNull JobT job) throws IOException {
        this(job, System.currentTimeMillis());
        this.number = project.assignBuildNumber();
    }

    protected Run(@NonNull JobT job, @NonNull Calendar timestamp) {
        this(job, timestamp.getTimeInMillis());
    }

    protected Run(@NonNull JobT job, long timestamp) {
        this.project = job;
        this.timestamp = timestamp;
    }

    protected Run(@NonNull JobT project, @NonNull File buildDir) throws IOException {
        this.project = project;
        this.number = Integer.parseInt(buildDir.getName());
        this.shimRootDir = buildDir;
    }

    @Override
    public void addAction(@NonNull Action a) {
        super.addAction(a);
        if (a instanceof RunAction2) {
            ((RunAction2) a).onAttached(this);
        }
    }

    @Override
    public int compareTo(@NonNull RunT that) {
        int res = this.number - that.number;
        if (res == 0) {
            return this.getParent().getFullName().compareTo(that.getParent().getFullName());
        }
        return res;
    }

    public @NonNull List<Cause> getCauses() {
        CauseAction a = getAction(CauseAction.class);
        if (a == null) {
            return Collections.emptyList();
        }
        return Collections.unmodifiableList(a.getCauses());
    }

    public @CheckForNull <T extends Cause> T getCause(Class<T> type) {
        for (Cause c : getCauses()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    public @NonNull JobT getParent() {
        return project;
    }

    public final long getTimeInMillis() {
        return timestamp;
    }

    public final long getStartTimeInMillis() {
        return timestamp;
    }

    @Exported
    @Override
    public String getFullDisplayName() {
        return project.getFullDisplayName() + ' ' + getDisplayName();
    }

    @Override
    @Exported
    public String getDisplayName() {
        return displayName != null ? displayName : "#" + number;
    }

    /** Shim: no permission check (there is no Jenkins to ask); {@link #save()} does nothing. */
    public void setDisplayName(String value) throws IOException {
        this.displayName = value;
        save();
    }

    @Exported(visibility = 2)
    public int getNumber() {
        return number;
    }

    public @NonNull String getUrl() {
        return project.getUrl() + getNumber() + '/';
    }

    @Override
    public final @NonNull String getSearchUrl() {
        return getNumber() + "/";
    }

    @Exported
    public @NonNull String getId() {
        return Integer.toString(number);
    }

    @Override
    public @NonNull File getRootDir() {
        if (shimRootDir == null) {
            throw new UnsupportedOperationException("compile-time declaration of the Jenkins API"
                    + " (no JENKINS_HOME; construct the run with Run(JobT, File) to give it a directory)");
        }
        return shimRootDir;
    }

    @NonNull
    @Override
    public ACL getACL() {
        return getParent().getACL();
    }

    @Override
    public synchronized void save() throws IOException {
        // shim: nothing to persist to
    }

    /** Shim: a build under test is always in progress. */
    public boolean isBuilding() {
        return true;
    }

    public @NonNull String getExternalizableId() {
        return project.getFullName() + "#" + getNumber();
    }

    @Override
    @Restricted(NoExternalUse.class)
    public Object getTarget() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
