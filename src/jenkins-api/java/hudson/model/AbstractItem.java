package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.File;
import java.io.IOException;
import java.util.Collection;
import jenkins.model.Loadable;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.HttpDeletable;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * Shim. Working behaviour: name, parent, display name, full name, full display name and URLs computed as Jenkins does
 * outside an HTTP request. A null parent (allowed here for tests) is treated as the Jenkins root: full name = name,
 * URL = {@code job/<name>/}. {@link #save()} does nothing.
 */
@ExportedBean
@SuppressWarnings({"rawtypes", "unchecked"})
public abstract class AbstractItem extends Actionable implements Loadable, Item, HttpDeletable, AccessControlled, DescriptorByNameOwner, StaplerProxy {

    protected /*final*/ transient String name;

    private transient ItemGroup parent;

    protected String displayName;

    protected AbstractItem(ItemGroup parent, String name) {
        this.parent = parent;
        doSetName(name);
    }

    @NonNull
    @Override
    @Exported(visibility = 999)
    public String getName() {
        return name;
    }

    @Override
    @Exported
    public String getDisplayName() {
        return displayName != null ? displayName : getName();
    }

    @Override
    public File getRootDir() {
        return getParent().getRootDirFor(this);
    }

    @Override
    public @NonNull ItemGroup getParent() {
        if (parent == null) {
            throw new IllegalStateException("no parent set on " + getClass().getName() + "[" + name + "]");
        }
        return parent;
    }

    protected void doSetName(String name) {
        this.name = name;
    }

    @Override
    public abstract Collection<? extends Job> getAllJobs();

    @NonNull
    @Override
    @Exported
    public final String getFullName() {
        String n = parent == null ? "" : parent.getFullName();
        return n.isEmpty() ? getName() : n + '/' + getName();
    }

    @Override
    @Exported
    public final String getFullDisplayName() {
        String n = parent == null ? "" : parent.getFullDisplayName();
        return n.isEmpty() ? getDisplayName() : n + " \u00bb " + getDisplayName();
    }

    @Override
    public void onLoad(ItemGroup<? extends Item> parent, String name) throws IOException {
        this.parent = parent;
        doSetName(name);
    }

    @Override
    public void onCopiedFrom(Item src) {
    }

    @Override
    public final String getUrl() {
        String base = parent == null ? "" : parent.getUrl();
        return base + getShortUrl();
    }

    @Override
    public String getShortUrl() {
        String prefix = parent == null ? "job" : parent.getUrlChildPrefix();
        String subdir = Util.rawEncode(getName());
        return prefix.equals(".") ? subdir + '/' : prefix + '/' + subdir + '/';
    }

    @Override
    public String getSearchUrl() {
        return getShortUrl();
    }

    @NonNull
    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public synchronized void save() throws IOException {
        // shim: nothing to persist to
    }

    @Override
    public void delete() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public void load() throws IOException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    @Restricted(NoExternalUse.class)
    public Object getTarget() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
