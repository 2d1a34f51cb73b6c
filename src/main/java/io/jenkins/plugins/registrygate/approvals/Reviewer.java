package io.jenkins.plugins.registrygate.approvals;

import java.util.List;

/**
 * Who is asking to decide: the Jenkins user id, the groups (authorities) the security realm gives them, whether
 * they administer Jenkins, and whether they could start this job (the rule when no approvers are named).
 */
public record Reviewer(String userId, List<String> groups, boolean administrator, boolean mayBuildJob) {
    public Reviewer {
        groups = List.copyOf(groups);
    }
}
