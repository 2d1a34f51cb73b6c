package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registration.MetadataValues;
import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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

    /** The registry's metadata key for a tier's sign-off: {@code approval:tier:<tier>}. */
    public static String registryKey(String tier) {
        return MetadataKeys.TIER_PREFIX + MetadataValues.sanitize(tier);
    }

    /** How the registry stores this sign-off: {@code <user> <instant>}, the user id sanitised as metadata requires. */
    public String registryValue() {
        return MetadataValues.sanitize(userId + " " + getAt());
    }

    /**
     * A sign-off read back from the registry ({@link #registryValue()}); the user id is as stored there. A value Jenkins
     * did not write is kept whole as who signed, at {@code fallback}.
     */
    public static TierSignoff fromRegistry(String tier, String value, Instant fallback) {
        int space = value.lastIndexOf(' ');
        if (space > 0) {
            try {
                return new TierSignoff(tier, value.substring(0, space), Instant.parse(value.substring(space + 1)),
                        RESTORED, false);
            } catch (DateTimeParseException ignored) {
                // Not written by Jenkins: keep the whole value as who signed.
            }
        }
        return new TierSignoff(tier, value, fallback, RESTORED, false);
    }

    static final String RESTORED = "restored from the registry";

    @Override
    public String toString() {
        return tier + " signed by " + userId + " at " + getAt() + (administratorOverride ? " (administrator override)" : "");
    }
}
