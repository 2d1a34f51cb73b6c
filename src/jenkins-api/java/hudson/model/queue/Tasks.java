package hudson.model.queue;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Queue.Task;
import org.springframework.security.core.Authentication;

/** Shim: the authentication lookup needs a running Jenkins (its QueueItemAuthenticators) and is not available. */
public class Tasks {

    public static @NonNull Authentication getAuthenticationOf2(@NonNull Task t) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
