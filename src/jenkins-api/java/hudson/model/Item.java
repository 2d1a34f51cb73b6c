package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.search.SearchableModelObject;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.Collection;
import jenkins.model.FullyNamed;
import jenkins.model.FullyNamedModelObject;
import jenkins.model.Named;
import jenkins.util.io.OnMaster;

/**
 * Shim: all abstract members; the default methods are omitted; of the permissions only PERMISSIONS, CONFIGURE, READ,
 * EXTENDED_READ, BUILD and CANCEL are declared (real ids, real implication chain, no localized descriptions;
 * EXTENDED_READ disabled unless the system property hudson.security.ExtendedReadPermission is true, as real).
 */
@SuppressWarnings("rawtypes")
public interface Item extends PersistenceRoot, FullyNamedModelObject, SearchableModelObject, FullyNamed, Named, AccessControlled, OnMaster {
    ItemGroup<? extends Item> getParent();

    Collection<? extends Job> getAllJobs();

    @NonNull
    @Override
    String getName();

    @NonNull
    @Override
    String getFullName();

    @Override
    String getDisplayName();

    String getUrl();

    String getShortUrl();

    void onLoad(ItemGroup<? extends Item> parent, String name) throws IOException;

    void onCopiedFrom(Item src);

    @Override
    void save() throws IOException;

    void delete() throws IOException, InterruptedException;

    PermissionGroup PERMISSIONS = newPermissionGroup("Job", Item.class);

    @SuppressWarnings("deprecation")
    Permission CONFIGURE = new Permission(PERMISSIONS, "Configure", Permission.CONFIGURE);

    @SuppressWarnings("deprecation")
    Permission READ = new Permission(PERMISSIONS, "Read", Permission.READ);

    @SuppressWarnings("deprecation")
    Permission EXTENDED_READ = enabledIf(Boolean.getBoolean("hudson.security.ExtendedReadPermission"),
            new Permission(PERMISSIONS, "ExtendedRead", CONFIGURE));

    @SuppressWarnings("deprecation")
    Permission BUILD = new Permission(PERMISSIONS, "Build", Permission.UPDATE);

    @SuppressWarnings("deprecation")
    Permission CANCEL = new Permission(PERMISSIONS, "Cancel", Permission.UPDATE);

    /** Shim only: the real constructor takes the enabled flag, which the shim's Permission sets afterwards. */
    private static Permission enabledIf(boolean enabled, Permission p) {
        p.setEnabled(enabled);
        return p;
    }

    /** Shim only: PermissionGroup's real constructors need org.jvnet.localizer.Localizable, so its shim one is hidden. */
    private static PermissionGroup newPermissionGroup(String id, Class<?> owner) {
        try {
            Constructor<PermissionGroup> c = PermissionGroup.class.getDeclaredConstructor(String.class, Class.class, String.class);
            c.setAccessible(true);
            return c.newInstance(id, owner, owner.getName());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
