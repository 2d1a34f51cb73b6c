package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import jenkins.model.Jenkins;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/** Shim: the defaults behave as in Jenkins (SYSTEM may do anything, otherwise ask {@link #getACL()}). */
public interface AccessControlled {
    @NonNull ACL getACL();

    default void checkPermission(@NonNull Permission permission) throws AccessDeniedException {
        if (Jenkins.getAuthentication2().equals(ACL.SYSTEM2)) {
            return;
        }
        getACL().checkPermission(permission);
    }

    default boolean hasPermission(@NonNull Permission permission) {
        if (Jenkins.getAuthentication2().equals(ACL.SYSTEM2)) {
            return true;
        }
        return getACL().hasPermission(permission);
    }

    default boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
        if (a.equals(ACL.SYSTEM2)) {
            return true;
        }
        return getACL().hasPermission2(a, permission);
    }
}
