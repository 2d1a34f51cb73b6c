package io.jenkins.plugins.registrygate.approvals;

import java.io.Serializable;
import java.time.Instant;

/**
 * One tier's sign-off. An immutable class rather than a record: it is stored in build.xml and in the Pipeline
 * program, and neither XStream nor the program's serializer can rebuild records.
 */
public final class TierSignoff implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String tier;
    private final String userId;
    private final long atMillis;
    private final String comment;
    private final boolean administratorOverride;

    public TierSignoff(String tier, String userId, Instant at, String comment, boolean administratorOverride) {
        this.tier = tier == null ? "" : tier;
        this.userId = userId == null ? "" : userId;
        this.atMillis = at.toEpochMilli();
        this.comment = comment == null ? "" : comment;
        this.administratorOverride = administratorOverride;
    }

    /** build.xml or a program written by an older version may lack fields: rebuilt with defaults. */
    private Object readResolve() {
        if (tier == null || userId == null || comment == null) {
            return new TierSignoff(tier, userId, Instant.ofEpochMilli(atMillis), comment, administratorOverride);
        }
        return this;
    }

    public String getTier() {
        return tier;
    }

    public String getUserId() {
        return userId;
    }

    public Instant getAt() {
        return Instant.ofEpochMilli(atMillis);
    }

    public String getComment() {
        return comment;
    }

    public boolean isAdministratorOverride() {
        return administratorOverride;
    }

    @Override
    public String toString() {
        return tier + " signed by " + userId + " at " + getAt() + (administratorOverride ? " (administrator override)" : "");
    }
}
