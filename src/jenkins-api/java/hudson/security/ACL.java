package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.function.BiFunction;
import jenkins.model.Jenkins;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Shim with working behaviour: permission checks against {@link Jenkins#getAuthentication2()} as in Jenkins
 * (a disabled permission is reported as the one that implies it), {@link #SYSTEM2} and {@link #as2} on Spring's
 * {@link SecurityContextHolder}.
 */
public abstract class ACL {

    public final void checkPermission(@NonNull Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return;
        }
        if (!hasPermission2(a, p)) {
            while (!p.enabled && p.impliedBy != null) {
                p = p.impliedBy;
            }
            throw new AccessDeniedException3(a, p);
        }
    }

    public final boolean hasPermission(@NonNull Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (a.equals(SYSTEM2)) {
            return true;
        }
        return hasPermission2(a, p);
    }

    /** As in Jenkins, an implementation must override this. */
    public boolean hasPermission2(@NonNull Authentication a, @NonNull Permission permission) {
        throw new AbstractMethodError("implement hasPermission2");
    }

    public static ACL lambda2(final BiFunction<Authentication, Permission, Boolean> impl) {
        return new ACL() {
            @Override
            public boolean hasPermission2(Authentication a, Permission permission) {
                return impl.apply(a, permission);
            }
        };
    }

    public static final Authentication SYSTEM2 = new UsernamePasswordAuthenticationToken("SYSTEM", "SYSTEM");

    @NonNull
    public static ACLContext as2(@NonNull Authentication auth) {
        ACLContext context = new ACLContext(SecurityContextHolder.getContext());
        SecurityContext next = SecurityContextHolder.createEmptyContext();
        next.setAuthentication(auth);
        SecurityContextHolder.setContext(next);
        return context;
    }

    public static boolean isAnonymous2(@NonNull Authentication authentication) {
        return authentication instanceof AnonymousAuthenticationToken;
    }
}
