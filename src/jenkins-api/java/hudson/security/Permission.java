package hudson.security;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Comparator;
import jenkins.model.Jenkins;

/**
 * Shim. Permissions are real objects with the real ids, {@code impliedBy} chains and {@code enabled} flags; the
 * {@code description} field and the constructors taking {@code Localizable}/{@code PermissionScope} are not declared
 * (not on Maven Central), only the deprecated {@link #Permission(PermissionGroup, String, Permission)}.
 */
@SuppressWarnings("rawtypes")
public final class Permission {

    public static final Comparator<Permission> ID_COMPARATOR = Comparator.comparing(Permission::getId);

    public final @NonNull Class owner;

    public final @NonNull PermissionGroup group;

    private final @CheckForNull String id;

    public final @NonNull String name;

    public final @CheckForNull Permission impliedBy;

    public boolean enabled;

    @Deprecated
    public Permission(@NonNull PermissionGroup group, @NonNull String name, @CheckForNull Permission impliedBy) {
        if (!isJavaIdentifier(name)) {
            throw new IllegalArgumentException(name + " is not a Java identifier");
        }
        this.owner = group.owner;
        this.group = group;
        this.name = name;
        this.impliedBy = impliedBy;
        this.enabled = true;
        this.id = group.getOwnerClassName() + '.' + name;
        group.add(this);
    }

    private static boolean isJavaIdentifier(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!Character.isJavaIdentifierPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public @NonNull String getId() {
        return id != null ? id : owner.getName() + '.' + name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permission && getId().equals(((Permission) o).getId());
    }

    @Override
    public int hashCode() {
        return getId().hashCode();
    }

    @Override
    public String toString() {
        return "Permission[" + owner + ',' + name + ']';
    }

    public void setEnabled(boolean enable) {
        enabled = enable;
    }

    public boolean getEnabled() {
        return enabled;
    }

    // Real owner class is hudson.model.Hudson (not declared here); the group reports that owner name and id prefix.
    @Deprecated
    public static final PermissionGroup HUDSON_PERMISSIONS = new PermissionGroup("Overall", Jenkins.class, "hudson.model.Hudson");

    @Deprecated
    public static final Permission HUDSON_ADMINISTER = new Permission(HUDSON_PERMISSIONS, "Administer", null);

    public static final PermissionGroup GROUP = new PermissionGroup("N/A", Permission.class, Permission.class.getName());

    public static final Permission READ = new Permission(GROUP, "GenericRead", HUDSON_ADMINISTER);

    public static final Permission WRITE = new Permission(GROUP, "GenericWrite", HUDSON_ADMINISTER);

    public static final Permission UPDATE = new Permission(GROUP, "GenericUpdate", WRITE);

    public static final Permission CONFIGURE = new Permission(GROUP, "GenericConfigure", UPDATE);
}
