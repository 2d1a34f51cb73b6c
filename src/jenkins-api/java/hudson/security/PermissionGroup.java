package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Shim. The real constructors take an {@code org.jvnet.localizer.Localizable} title (not on Maven Central), so this
 * declaration has none that plugin code can call, and no {@code title} field; the groups Jenkins defines exist.
 */
@SuppressWarnings("rawtypes")
public final class PermissionGroup implements Iterable<Permission>, Comparable<PermissionGroup> {
    private final SortedSet<Permission> permissions = new TreeSet<>(Permission.ID_COMPARATOR);

    @NonNull
    public final Class owner;

    private final String id;

    private final String ownerClassName;

    /** Shim only (reached by reflection from other packages). */
    PermissionGroup(String id, @NonNull Class owner, String ownerClassName) {
        this.owner = owner;
        this.id = id;
        this.ownerClassName = ownerClassName;
    }

    public String getId() {
        return id;
    }

    public String getOwnerClassName() {
        return ownerClassName;
    }

    @Override
    public Iterator<Permission> iterator() {
        return getPermissions().iterator();
    }

    synchronized void add(Permission p) {
        if (!permissions.add(p)) {
            throw new IllegalStateException("attempt to register a second Permission for " + p.getId());
        }
    }

    public synchronized List<Permission> getPermissions() {
        return new ArrayList<>(permissions);
    }

    public synchronized Permission find(String name) {
        for (Permission p : permissions) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public int compareTo(PermissionGroup that) {
        int r = order() - that.order();
        return r != 0 ? r : getOwnerClassName().compareTo(that.getOwnerClassName());
    }

    private int order() {
        return "hudson.model.Hudson".equals(ownerClassName) ? 0 : 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PermissionGroup && getOwnerClassName().equals(((PermissionGroup) o).getOwnerClassName());
    }

    @Override
    public int hashCode() {
        return getOwnerClassName().hashCode();
    }

    @Override
    public String toString() {
        return "PermissionGroup[" + getOwnerClassName() + "]";
    }
}
