package jenkins.model;

import hudson.ProxyConfiguration;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.cli.declarative.CLIResolver;
import hudson.model.AbstractCIBase;
import hudson.model.DescriptorByNameOwner;
import hudson.model.ModifiableViewGroup;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.SecurityRealm;
import hudson.security.csrf.CrumbIssuer;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import jenkins.util.io.OnMaster;
import org.kohsuke.stapler.StaplerFallback;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Shim. No Jenkins is ever running: {@link #getInstanceOrNull()} returns null and {@link #get()} throws
 * {@link IllegalStateException}, as in real Jenkins before start-up; there is therefore no instance on which the
 * instance members could be called. {@link #getAuthentication2()} works (Spring's SecurityContextHolder, else
 * {@link #ANONYMOUS2}). The constructor is private here (the real ones are protected and need classes that are not
 * on Maven Central).
 */
@ExportedBean
public class Jenkins extends AbstractCIBase implements DirectlyModifiableTopLevelItemGroup, StaplerProxy, StaplerFallback,
        ModifiableViewGroup, AccessControlled, DescriptorByNameOwner,
        ModelObjectWithContextMenu, ModelObjectWithChildren, OnMaster, Loadable {

    private Jenkins() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        Jenkins instance = getInstanceOrNull();
        if (instance == null) {
            throw new IllegalStateException("Jenkins.instance is missing"
                    + " (no Jenkins is running: this is the compile-time declaration of the Jenkins API)");
        }
        return instance;
    }

    /** Shim: Jenkins is never running in the offline tests. */
    @CheckForNull
    public ProxyConfiguration getProxy() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @CLIResolver
    @CheckForNull
    public static Jenkins getInstanceOrNull() {
        return null;
    }

    @NonNull
    @Override
    public String getFullName() {
        return "";
    }

    @Override
    public String getFullDisplayName() {
        return "";
    }

    @Override
    @Exported(name = "jobs")
    public List<TopLevelItem> getItems() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public String getSearchUrl() {
        return "";
    }

    @Override
    public String getUrlChildPrefix() {
        return "job";
    }

    public @Nullable String getRootUrl() throws IllegalStateException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public File getRootDir() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Exported
    public boolean isUseSecurity() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    public SecurityRealm getSecurityRealm() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @NonNull
    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public TopLevelItem getItem(String name) throws AccessDeniedException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public File getRootDirFor(TopLevelItem child) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public void onDeleted(TopLevelItem item) throws IOException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public void load() throws IOException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @CheckForNull
    public CrumbIssuer getCrumbIssuer() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    public static @NonNull Authentication getAuthentication2() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null) {
            a = ANONYMOUS2;
        }
        return a;
    }

    @Override
    public Object getTarget() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    /** Shim: the real return type is hudson.model.View (not declared here). */
    @Override
    public Object getStaplerFallback() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @SuppressWarnings("deprecation")
    public static final PermissionGroup PERMISSIONS = Permission.HUDSON_PERMISSIONS;

    @SuppressWarnings("deprecation")
    public static final Permission ADMINISTER = Permission.HUDSON_ADMINISTER;

    /** Disabled unless the system property {@code jenkins.security.ManagePermission} is true, as in Jenkins. */
    @SuppressWarnings("deprecation")
    public static final Permission MANAGE = disabledUnless("jenkins.security.ManagePermission",
            new Permission(PERMISSIONS, "Manage", ADMINISTER));

    @SuppressWarnings("deprecation")
    public static final Permission READ = new Permission(PERMISSIONS, "Read", Permission.READ);

    public static final Authentication ANONYMOUS2 =
            new AnonymousAuthenticationToken(
                    "anonymous",
                    "anonymous",
                    Set.of(new SimpleGrantedAuthority("anonymous")));

    private static Permission disabledUnless(String property, Permission p) {
        p.setEnabled(Boolean.getBoolean(property));
        return p;
    }
}
