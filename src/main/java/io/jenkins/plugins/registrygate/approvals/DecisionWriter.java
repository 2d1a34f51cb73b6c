package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes one decision or tier sign-off to the registry, and says what came of it: <em>read, write, read back and
 * compare</em>.
 *
 * <ol>
 *   <li><b>Read</b> the version. Already Approved or Rejected there: nothing is written ({@link AlreadyDecided}); a
 *       registry decision is never overwritten by a decision Jenkins had not seen. Otherwise the caller plans its
 *       write from what was read ({@link Plan}): a gate attempt, a rules verdict.</li>
 *   <li><b>Write</b> status, approval description and the version's <em>complete</em> metadata map (what was read
 *       plus the approval keys): whether the service merges the map or replaces it is undocumented, and some
 *       SageMaker-compatible services replace it. An approval (or sign-off) of a version whose ModelPackageStatus is
 *       not {@code Completed} is refused here, as is a write that would exceed the 50 entries SageMaker allows.</li>
 *   <li><b>Read back</b>, always, also when the write's answer was lost (dropped connection, 5xx, timeout): the
 *       registry shows the write when the status and the fingerprint keys ({@code approval:decided-at},
 *       {@code approval:decided-by}, or the tier's key) match ({@link Written}). A read-back that shows another final
 *       status means the registry changed right after the write ({@link Superseded}); one that fails leaves the
 *       write's fate {@link Unconfirmed}, for the caller to read again later.</li>
 * </ol>
 *
 * <p>SageMaker has no conditional update, so "never overwritten" is best effort: a change made in the registry
 * between the read and the write is overwritten and cannot be seen afterwards, except through metadata keys that
 * Jenkins did not send (reported in {@link Written#changes}) or CloudTrail's {@code UpdateModelPackage} events.
 */
final class DecisionWriter {

    /** SageMaker's limit on CustomerMetadataProperties entries per version. */
    static final int MAX_METADATA = 50;

    /** What the caller wants, planned from a fresh read. */
    sealed interface Plan permits Intent, Decline {}

    /** Nothing to write: {@code reason} is for the reviewer or the console. */
    record Decline(String reason) implements Plan {}

    /**
     * A write: {@code status} is empty for a tier sign-off alone; {@code fingerprint} holds the keys (among
     * {@code keys}) whose values only this write produces; {@code what} says it in words ("Approved by alice").
     */
    record Intent(String status, String approvalDescription, Map<String, String> keys, Map<String, String> fingerprint,
                  String what) implements Plan {
        Intent {
            keys = Map.copyOf(keys);
            fingerprint = Map.copyOf(fingerprint);
        }

        /** Whether {@code d} shows this write. */
        boolean foundIn(ModelPackageDetails d) {
            if (!status.isEmpty() && !status.equals(d.ref().approvalStatus())) {
                return false;
            }
            return fingerprint.entrySet().stream().allMatch(e -> e.getValue().equals(d.customerMetadata().get(e.getKey())));
        }

        /** An approval or a sign-off (towards approval): needs a Completed version. */
        boolean approves() {
            return !"Rejected".equals(status);
        }
    }

    /** What came of a write. */
    sealed interface Outcome permits Written, AlreadyDecided, Superseded, Declined, NotWritten, Unconfirmed {}

    /** The registry shows the write. {@code changes}: what else changed between the read and the read-back. */
    record Written(ModelPackageDetails readBack, List<String> changes) implements Outcome {
        Written {
            changes = List.copyOf(changes);
        }
    }

    /** The version was Approved or Rejected when read: nothing was written. */
    record AlreadyDecided(ModelPackageDetails current) implements Outcome {}

    /** After the write the registry shows another final decision: it changed in between (or right after). */
    record Superseded(ModelPackageDetails current, String change, boolean written) implements Outcome {}

    /** The plan or the writer's own checks declined: nothing was written. */
    record Declined(String reason) implements Outcome {}

    /**
     * Nothing of the write is in the registry: the read failed, the service refused the write, or the read-back
     * does not show it. {@code retryable}: trying again later may succeed (throttling, no answer, a lost race).
     */
    record NotWritten(String message, RuntimeException cause, boolean retryable) implements Outcome {}

    /** The write's answer was lost and the read-back failed too: read again later ({@link #confirm}). */
    record Unconfirmed(Intent intent, Map<String, String> sent, RuntimeException cause) implements Outcome {
        Unconfirmed {
            sent = Map.copyOf(sent);
        }
    }

    Outcome write(ModelRegistry registry, String arn, Function<ModelPackageDetails, Plan> planner) {
        ModelPackageDetails before;
        try {
            before = registry.describe(arn);
        } catch (RuntimeException e) {
            return notWritten(e);
        }
        if (isFinal(before.ref().approvalStatus())) {
            return new AlreadyDecided(before);
        }
        Plan plan = planner.apply(before);
        if (plan instanceof Decline d) {
            return new Declined(d.reason());
        }
        Intent intent = (Intent) plan;
        if (intent.approves() && !before.isCompleted()) {
            return new Declined(notCompleted(before));
        }
        Map<String, String> sent = new LinkedHashMap<>(before.customerMetadata());
        sent.putAll(intent.keys());
        if (sent.size() > MAX_METADATA) {
            return new Declined("The version has " + before.customerMetadata().size() + " customer metadata entries; this "
                    + "write would leave " + sent.size() + " and SageMaker allows at most " + MAX_METADATA + ".");
        }
        RuntimeException lost = null;
        try {
            registry.updateApproval(arn, intent.status(), intent.approvalDescription(), sent);
        } catch (RegistryException e) {
            if (!e.isTransient()) {
                return new NotWritten(e.getMessage(), e, false); // the service answered: nothing was applied
            }
            lost = e; // throttled, 5xx, dropped, timed out: it may have been applied
        } catch (RuntimeException e) {
            lost = e;
        }
        return readBack(registry, arn, intent, sent, lost);
    }

    /** Reads the version again to learn whether an {@link Unconfirmed} write landed. */
    Outcome confirm(ModelRegistry registry, String arn, Unconfirmed pending) {
        return readBack(registry, arn, pending.intent(), pending.sent(), pending.cause());
    }

    private Outcome readBack(ModelRegistry registry, String arn, Intent intent, Map<String, String> sent, RuntimeException lost) {
        ModelPackageDetails after;
        try {
            after = registry.describe(arn);
        } catch (RuntimeException e) {
            return new Unconfirmed(intent, sent, lost != null ? lost : e);
        }
        if (intent.foundIn(after)) {
            return new Written(after, changes(intent, sent, after));
        }
        if (isFinal(after.ref().approvalStatus())) {
            String who = after.lastModifiedBy().isEmpty() ? "" : " (last changed by " + after.lastModifiedBy() + ")";
            return new Superseded(after, "The registry changed while Jenkins wrote: Jenkins wrote " + intent.what()
                    + ", and the registry now says " + after.ref().approvalStatus() + who + ".", lost == null);
        }
        if (lost != null) {
            return notWritten(lost);
        }
        return new NotWritten("The registry took the write, but a change made right after it removed it.", null, true);
    }

    /** What differs between the map Jenkins sent (and its description) and what the registry shows now. */
    private static List<String> changes(Intent intent, Map<String, String> sent, ModelPackageDetails after) {
        List<String> diffs = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(sent.keySet());
        keys.addAll(after.customerMetadata().keySet());
        for (String k : keys) {
            String was = sent.get(k);
            String is = after.customerMetadata().get(k);
            if (was == null) {
                diffs.add(k + " was added (" + is + ")");
            } else if (is == null) {
                diffs.add(k + " was removed");
            } else if (!was.equals(is)) {
                diffs.add(k + " is now " + is);
            }
        }
        if (!intent.approvalDescription().isEmpty() && !intent.approvalDescription().equals(after.approvalDescription())) {
            diffs.add("the approval description is now: " + after.approvalDescription());
        }
        if (diffs.isEmpty()) {
            return List.of();
        }
        return List.of("The registry changed between Jenkins' read and its read-back (SageMaker has no conditional "
                + "update): " + String.join("; ", diffs) + ".");
    }

    /** Retryable when the registry's answer says "later" (throttling, 5xx, no answer); anything else is final. */
    private static NotWritten notWritten(RuntimeException e) {
        return new NotWritten(e.getMessage(), e, e instanceof RegistryException re && re.isTransient());
    }

    static String notCompleted(ModelPackageDetails d) {
        return "The version's ModelPackageStatus is " + (d.packageStatus().isEmpty() ? "unknown" : d.packageStatus())
                + ", not Completed: it can be approved only once it is Completed.";
    }

    static boolean isFinal(String approvalStatus) {
        return "Approved".equals(approvalStatus) || "Rejected".equals(approvalStatus);
    }
}
