package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** Shim with working behaviour: closing restores the security context that was current before {@link ACL#as2}. */
public class ACLContext implements AutoCloseable {

    @NonNull
    private final SecurityContext previousContext;

    ACLContext(@NonNull SecurityContext previousContext) {
        this.previousContext = previousContext;
    }

    @Override
    public void close() {
        SecurityContextHolder.setContext(previousContext);
    }
}
