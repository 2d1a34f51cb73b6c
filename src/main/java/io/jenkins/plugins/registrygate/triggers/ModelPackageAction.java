package io.jenkins.plugins.registrygate.triggers;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.Action;
import hudson.model.EnvironmentContributingAction;
import hudson.model.InvisibleAction;
import hudson.model.Queue;
import hudson.model.Run;
import io.jenkins.plugins.registrygate.events.TriggeredVersion;
import java.util.List;

/**
 * The version a triggered build is for, as environment variables ({@code MODEL_PACKAGE_ARN},
 * {@code MODEL_PACKAGE_GROUP}, {@code MODEL_PACKAGE_VERSION}, {@code MODEL_APPROVAL_STATUS},
 * {@code MODEL_REGISTRY_EVENT_ID}), so that {@code deployApproved(modelPackageArn: env.MODEL_PACKAGE_ARN, …)} deploys
 * that version and no other. In the queue it keeps builds for different versions apart (Jenkins would otherwise fold
 * a second request for the same job into the first) and folds a second request for the same version into the first.
 * Kept in {@code build.xml}: a final class with plain fields.
 */
public final class ModelPackageAction extends InvisibleAction implements EnvironmentContributingAction, Queue.QueueAction {

    public static final String ARN = "MODEL_PACKAGE_ARN";
    public static final String GROUP = "MODEL_PACKAGE_GROUP";
    public static final String VERSION = "MODEL_PACKAGE_VERSION";
    public static final String STATUS = "MODEL_APPROVAL_STATUS";
    public static final String EVENT = "MODEL_REGISTRY_EVENT_ID";

    private final String modelPackageArn;
    private final String modelPackageGroup;
    private final int modelPackageVersion;
    private final String approvalStatus;
    private final String eventId;

    public ModelPackageAction(TriggeredVersion v) {
        this.modelPackageArn = v.packageArn();
        this.modelPackageGroup = v.group();
        this.modelPackageVersion = v.version();
        this.approvalStatus = v.status();
        this.eventId = v.eventId();
    }

    public String getModelPackageArn() {
        return modelPackageArn;
    }

    public int getModelPackageVersion() {
        return modelPackageVersion;
    }

    public String getApprovalStatus() {
        return approvalStatus;
    }

    @Override
    public void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
        env.put(ARN, modelPackageArn);
        env.put(GROUP, modelPackageGroup);
        env.put(VERSION, Integer.toString(modelPackageVersion));
        env.put(STATUS, approvalStatus);
        env.put(EVENT, eventId == null ? "" : eventId);
    }

    /** A new queue item unless the other request is for the same version and status. */
    @Override
    public boolean shouldSchedule(List<Action> actions) {
        return actions.stream().noneMatch(a -> a instanceof ModelPackageAction m && sameVersion(m));
    }

    private boolean sameVersion(ModelPackageAction other) {
        return modelPackageArn.equalsIgnoreCase(other.modelPackageArn) && approvalStatus.equalsIgnoreCase(other.approvalStatus);
    }
}
