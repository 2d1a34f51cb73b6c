package io.jenkins.plugins.registrygate.steps;

import hudson.model.Cause;
import hudson.model.Run;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Jenkins users behind a build, for separation of duties: who started it, directly or through the chain of
 * upstream builds that triggered it (a user who starts a pipeline that triggers the training job is still the
 * requester). Builds started by SCM changes or timers have none.
 */
final class Requesters {

    private static final int MAX_DEPTH = 10;

    private Requesters() {}

    static List<String> of(Run<?, ?> run) {
        Set<String> users = new LinkedHashSet<>();
        collect(run.getCauses(), users, 0);
        return List.copyOf(users);
    }

    /** The user who started the build, or the first user up its trigger chain; empty if none. */
    static String first(Run<?, ?> run) {
        List<String> all = of(run);
        return all.isEmpty() ? "" : all.get(0);
    }

    private static void collect(List<Cause> causes, Set<String> users, int depth) {
        for (Cause c : causes) {
            if (c instanceof Cause.UserIdCause u && u.getUserId() != null) {
                users.add(u.getUserId());
            } else if (c instanceof Cause.UpstreamCause up && depth < MAX_DEPTH) {
                collect(up.getUpstreamCauses(), users, depth + 1);
            }
        }
    }
}
