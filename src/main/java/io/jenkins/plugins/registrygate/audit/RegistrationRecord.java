package io.jenkins.plugins.registrygate.audit;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One registration as the build recorded it: the version created, how the group came to exist, the lineage used
 * and the idempotency token. Stored in build.xml (an immutable class: XStream cannot rebuild records).
 */
public final class RegistrationRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelPackageArn;
    private final String modelPackageGroup;
    private final int version;
    private final String approvalStatus;
    private final boolean groupCreated;
    private final String clientToken;
    private final ArrayList<String> lineage;
    private final String registeredBy;
    private final long atMillis;

    public RegistrationRecord(String modelPackageArn, String modelPackageGroup, int version, String approvalStatus,
                              boolean groupCreated, String clientToken, List<String> lineage, String registeredBy, Instant at) {
        this.modelPackageArn = modelPackageArn;
        this.modelPackageGroup = modelPackageGroup;
        this.version = version;
        this.approvalStatus = approvalStatus;
        this.groupCreated = groupCreated;
        this.clientToken = clientToken;
        this.lineage = new ArrayList<>(lineage);
        this.registeredBy = registeredBy;
        this.atMillis = at.toEpochMilli();
    }

    /**
     * A build.xml written by an earlier version may lack fields added since: they read back as their defaults
     * (empty text, no lineage) rather than as nulls that the build page and its REST API cannot show.
     */
    @Serial
    private Object readResolve() {
        if (modelPackageArn != null && modelPackageGroup != null && approvalStatus != null && clientToken != null
                && lineage != null && registeredBy != null) {
            return this;
        }
        return new RegistrationRecord(orEmpty(modelPackageArn), orEmpty(modelPackageGroup), version, orEmpty(approvalStatus),
                groupCreated, orEmpty(clientToken), lineage == null ? List.of() : lineage, orEmpty(registeredBy),
                Instant.ofEpochMilli(atMillis));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    public String getModelPackageArn() { return modelPackageArn; }
    public String getModelPackageGroup() { return modelPackageGroup; }
    public int getVersion() { return version; }
    public String getApprovalStatus() { return approvalStatus; }
    public boolean isGroupCreated() { return groupCreated; }
    public String getClientToken() { return clientToken; }
    public List<String> getLineage() { return Collections.unmodifiableList(lineage); }
    public String getRegisteredBy() { return registeredBy; }
    public Instant getAt() { return Instant.ofEpochMilli(atMillis); }
}
