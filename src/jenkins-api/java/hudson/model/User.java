package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.Util;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.IdStrategy;
import jenkins.model.Jenkins;
import jenkins.model.Loadable;
import jenkins.model.ModelObjectWithContextMenu;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Shim with working behaviour: users live in memory for the life of the JVM. As in a running Jenkins,
 * {@link #getById(String, boolean) getById(id, true)} and {@link #get2} create a user on demand (full name = id),
 * {@code getById(id, false)} finds only users created before, ids are matched with
 * {@link IdStrategy#CASE_INSENSITIVE} (the default security realm's strategy), and {@link #current()} is the user of
 * {@link Jenkins#getAuthentication2()} (null when anonymous).
 */
@ExportedBean
public class User extends AbstractModelObject implements AccessControlled, DescriptorByNameOwner, Loadable, Saveable, Comparable<User>, ModelObjectWithContextMenu, StaplerProxy {

    private static final Map<String, User> USERS = new ConcurrentHashMap<>();

    String id;

    private volatile String fullName;

    private User(String id, String fullName) {
        this.id = id;
        this.fullName = fullName;
    }

    private static IdStrategy shimIdStrategy() {
        return IdStrategy.CASE_INSENSITIVE;
    }

    @Override
    public void load() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    public int compareTo(@NonNull User that) {
        return shimIdStrategy().compare(this.id, that.id);
    }

    @Exported
    public String getId() {
        return id;
    }

    @Override
    public @NonNull String getSearchUrl() {
        return "/user/" + Util.rawEncode(shimIdStrategy().keyFor(id));
    }

    @Exported(visibility = 999)
    public @NonNull String getFullName() {
        return fullName;
    }

    public static @CheckForNull User current() {
        return get2(Jenkins.getAuthentication2());
    }

    public static @CheckForNull User get2(@CheckForNull Authentication a) {
        if (a == null || a instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return getById(a.getName(), true);
    }

    public static @Nullable User getById(String id, boolean create) {
        if (id == null) {
            return null;
        }
        String key = shimIdStrategy().keyFor(id);
        if (create) {
            return USERS.computeIfAbsent(key, k -> new User(id, id));
        }
        return USERS.get(key);
    }

    @Override
    public @NonNull String getDisplayName() {
        return getFullName();
    }

    @Override
    public synchronized void save() throws IOException {
        // shim: nothing to persist to
    }

    @NonNull
    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    @Override
    @Restricted(NoExternalUse.class)
    public Object getTarget() {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
