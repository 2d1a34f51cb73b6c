package io.jenkins.plugins.registrygate.approvals;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One tier of a multi-tier approval (such as ml-engineer, fairness, compliance) and who may sign it. */
public final class ApprovalTier implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final ArrayList<String> approvers;

    public ApprovalTier(String name, List<String> approvers) {
        this.name = name == null ? "" : name;
        this.approvers = new ArrayList<>(approvers);
    }

    /** A program or file written by an older version may lack fields: rebuilt with the defaults. */
    private Object readResolve() {
        if (name == null || approvers == null) {
            return new ApprovalTier(name, approvers == null ? List.of() : approvers);
        }
        return this;
    }

    public String getName() {
        return name;
    }

    /** User ids and group names; matched with the security realm's id strategies. */
    public List<String> getApprovers() {
        return Collections.unmodifiableList(approvers);
    }

    @Override
    public String toString() {
        return name + " (" + String.join(", ", approvers) + ")";
    }
}
