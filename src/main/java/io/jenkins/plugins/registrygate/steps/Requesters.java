package io.jenkins.plugins.registrygate.steps;

import hudson.model.Cause;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The Jenkins users behind a build, for separation of duties: who started it, directly or through the chain of
 * upstream builds that triggered it (a user who starts a pipeline that triggers the training job is still the
 * requester). Builds started by SCM changes or timers have none.
 */
final class Requesters {

    private static final int MAX_DEPTH = 10;
    private static final String STARTED_BY = "started by ";

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

    /**
     * Who answers for what the build's pipeline waived, as the record names them: the user who started the build (the
     * first one {@link #of} finds) and the build, {@code erin (churn-deploy #42)}, with the upstream builds in between
     * when the user started one of those ({@code erin (churn-deploy #42, triggered by release #7)}); or, with no user,
     * the build and what started it, {@code churn-deploy #42 (started by timer, no user)}. The build is named by its
     * job's full name and number, never by its display name, which the pipeline itself can set.
     */
    static String accountable(Run<?, ?> run) {
        String build = name(run.getParent().getFullName(), run.getNumber());
        Optional<List<String>> path = userPath(run.getCauses(), 0);
        if (path.isPresent()) {
            List<String> p = path.get();
            StringBuilder via = new StringBuilder();
            for (String upstream : p.subList(0, p.size() - 1)) {
                via.append(", triggered by ").append(upstream);
            }
            return p.get(p.size() - 1) + " (" + build + via + ")";
        }
        List<Cause> causes = run.getCauses();
        String cause = causes.isEmpty() ? "an unknown cause" : startedBy(causes.get(0));
        return build + " (started by " + cause + ", no user)";
    }

    /** The upstream builds down to the first user, then that user; depth-first in cause order, as {@link #of}. */
    private static Optional<List<String>> userPath(List<Cause> causes, int depth) {
        for (Cause c : causes) {
            if (c instanceof Cause.UserIdCause u && u.getUserId() != null) {
                List<String> path = new ArrayList<>();
                path.add(u.getUserId());
                return Optional.of(path);
            } else if (c instanceof Cause.UpstreamCause up && depth < MAX_DEPTH) {
                Optional<List<String>> below = userPath(up.getUpstreamCauses(), depth + 1);
                if (below.isPresent()) {
                    below.get().add(0, name(up.getUpstreamProject(), up.getUpstreamBuild()));
                    return below;
                }
            }
        }
        return Optional.empty();
    }

    /** "Started by timer" as "timer": Jenkins' own wording of the cause, without its prefix. */
    private static String startedBy(Cause cause) {
        String d = String.valueOf(cause.getShortDescription()).strip();
        return d.toLowerCase(Locale.ROOT).startsWith(STARTED_BY) ? d.substring(STARTED_BY.length()) : d;
    }

    private static String name(String job, int number) {
        return job + " #" + number;
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
