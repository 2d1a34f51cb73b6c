package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registry.MetadataKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the approval a version carries in its metadata ({@code approval:decided-by}, {@code -at}, {@code path}) is
 * the registry's current decision, written by this plugin. The metadata stays when the status is changed later in
 * the registry (Studio, the CLI): it is current only while the last modification is that write (its time within a
 * minute) and the approval description is the one Jenkins writes for the status.
 *
 * <p>Builds write the record with their own AWS credentials, so anyone who can run a Jenkinsfile could write one by
 * hand: a record counts only when its {@link DecisionSeal} verifies. A record without a valid seal (forged, copied
 * from another version, altered, or written before seals existed) is not the plugin's: the decision is then the
 * registry's, attributed to LastModifiedBy. That fails closed for records older than the seal.
 */
public final class RecordedDecision {

    /** How far our write's own clock may be from SageMaker's LastModifiedTime. */
    static final Duration SKEW = Duration.ofMinutes(1);

    private RecordedDecision() {}

    /**
     * @return the path the plugin recorded (Jenkins or rule), or empty when the current status was set otherwise
     */
    public static Optional<DecisionPath> current(DecisionSeal seal, String packageArn, Map<String, String> metadata,
                                                 String approvalStatus, String approvalDescription, Optional<Instant> lastModified) {
        if (metadata.getOrDefault(MetadataKeys.APPROVED_BY, "").isEmpty() || lastModified.isEmpty()) {
            return Optional.empty();
        }
        if (!seal.verifies(packageArn, approvalStatus, metadata)) {
            return Optional.empty();
        }
        try {
            Instant written = Instant.parse(metadata.getOrDefault(MetadataKeys.APPROVED_AT, ""));
            // Our UpdateModelPackage sets status and metadata together; a later change of status is someone else's.
            if (Duration.between(written, lastModified.get()).abs().compareTo(SKEW) > 0) {
                return Optional.empty();
            }
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String path = metadata.getOrDefault(MetadataKeys.APPROVAL_PATH, "");
        if (DecisionPath.JENKINS.label().equals(path) && approvalDescription.startsWith(approvalStatus + " by Jenkins user ")) {
            return Optional.of(DecisionPath.JENKINS);
        }
        if (DecisionPath.RULE.label().equals(path) && approvalDescription.startsWith(approvalStatus + " by approveIf rules")) {
            return Optional.of(DecisionPath.RULE);
        }
        return Optional.empty();
    }
}
