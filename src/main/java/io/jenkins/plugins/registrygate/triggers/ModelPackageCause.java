package io.jenkins.plugins.registrygate.triggers;

import hudson.model.Cause;
import io.jenkins.plugins.registrygate.events.TriggeredVersion;
import java.util.Objects;

/**
 * Why a build of a job with a {@code modelPackageApproved} trigger started: the exact version, its group and the status
 * the registry showed when Jenkins read it, and the event that made Jenkins read it. Kept in {@code build.xml}: a
 * final class with plain fields (XStream cannot rebuild records).
 */
public final class ModelPackageCause extends Cause {

    private final String modelPackageArn;
    private final String modelPackageGroup;
    private final int modelPackageVersion;
    private final String approvalStatus;
    private final String eventId;

    public ModelPackageCause(TriggeredVersion v) {
        this.modelPackageArn = v.packageArn();
        this.modelPackageGroup = v.group();
        this.modelPackageVersion = v.version();
        this.approvalStatus = v.status();
        this.eventId = v.eventId();
    }

    public String getModelPackageArn() {
        return modelPackageArn;
    }

    public String getModelPackageGroup() {
        return modelPackageGroup;
    }

    public int getModelPackageVersion() {
        return modelPackageVersion;
    }

    public String getApprovalStatus() {
        return approvalStatus;
    }

    public String getEventId() {
        return eventId == null ? "" : eventId;
    }

    @Override
    public String getShortDescription() {
        return "Started by model package " + modelPackageGroup + "/" + modelPackageVersion + " reaching "
                + approvalStatus + " in the SageMaker Model Registry (" + modelPackageArn + ", registry event "
                + getEventId() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelPackageCause c && Objects.equals(modelPackageArn, c.modelPackageArn)
                && Objects.equals(approvalStatus, c.approvalStatus);
    }

    @Override
    public int hashCode() {
        return Objects.hash(modelPackageArn, approvalStatus);
    }
}
