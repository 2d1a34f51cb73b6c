package io.jenkins.plugins.registrygate.approvals;

import io.jenkins.plugins.registrygate.registration.MetadataValues;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a reviewer's approve or reject counts: approver lists, separation of duties, administrator
 * overrides and tier order. Plain Java, so every rule is tested without Jenkins; the web layer maps the logged-in
 * user to a {@link Reviewer} and the realm's id strategies to an {@link IdMatcher}.
 *
 * <p>Tiers are signed in the order declared (the ml engineer before fairness before compliance); one Reject from
 * anyone allowed on any tier rejects; nobody, administrators included, signs two tiers.
 */
public final class ApprovalGate implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The result of one attempt. */
    public sealed interface Attempt permits Refused, Signed, Decided {}

    /** Nothing changed; {@code reason} says why, for the reviewer. */
    public record Refused(String reason) implements Attempt {}

    /** A tier was signed and others remain. */
    public record Signed(TierSignoff signoff, List<String> remainingTiers) implements Attempt {}

    /** The gate is decided. */
    public record Decided(ApprovalOutcome outcome, String userId, String comment, boolean administratorOverride)
            implements Attempt {}

    private final ApprovalPolicy policy;
    private final List<String> requesters = new ArrayList<>();
    private final List<TierSignoff> signoffs = new ArrayList<>();
    private boolean decided;

    /**
     * @param requesters who started the build; {@link #addRequester} adds the registrant once it is known
     */
    public ApprovalGate(ApprovalPolicy policy, List<String> requesters) {
        this.policy = policy;
        requesters.forEach(this::addRequester);
    }

    public synchronized void addRequester(String userId) {
        if (userId != null && !userId.isBlank() && !requesters.contains(userId)) {
            requesters.add(userId);
        }
    }

    public synchronized List<String> requesters() {
        return List.copyOf(requesters);
    }

    public synchronized List<TierSignoff> signoffs() {
        return List.copyOf(signoffs);
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    /** Marks the gate decided by another path (registry, rule, timeout); later attempts are refused. */
    public synchronized void close() {
        decided = true;
    }

    public synchronized boolean isDecided() {
        return decided;
    }

    /** The tiers still to sign, in order. */
    public synchronized List<String> remainingTiers() {
        return policy.getTiers().stream().map(ApprovalTier::getName)
                .filter(t -> signoffs.stream().noneMatch(s -> s.getTier().equals(t))).toList();
    }

    /** May this reviewer act at all (used to decide whether to show the buttons)? */
    public synchronized boolean mayAct(Reviewer who, IdMatcher ids) {
        if (decided) {
            return false;
        }
        if (who.administrator()) {
            return true;
        }
        if (policy.isTiered()) {
            return policy.getTiers().stream().anyMatch(t -> matches(who, t.getApprovers(), ids));
        }
        return policy.getApprovers().isEmpty() ? who.mayBuildJob() : matches(who, policy.getApprovers(), ids);
    }

    /**
     * Applies one approve or reject.
     *
     * @param tier the tier the reviewer means to sign; empty for "the next one"
     */
    public synchronized Attempt attempt(Reviewer who, Vote vote, String tier, String comment, Instant now, IdMatcher ids) {
        if (decided) {
            return new Refused("This approval has already been decided.");
        }
        boolean override = false;
        if (vote == Vote.APPROVE && !policy.isAllowSelfApproval() && isRequester(who, ids)) {
            if (!who.administrator()) {
                return new Refused("Separation of duties: " + who.userId() + " started this build or registered this "
                        + "version and cannot approve it (awaitApproval allowSelfApproval: true opts out).");
            }
            override = true;
        }
        if (!policy.isTiered()) {
            boolean permitted = policy.getApprovers().isEmpty() ? who.mayBuildJob() : matches(who, policy.getApprovers(), ids);
            if (!permitted) {
                if (!who.administrator()) {
                    return new Refused(who.userId() + " is not allowed to decide on this version"
                            + (policy.getApprovers().isEmpty() ? " (needs permission to build the job)."
                                    : " (approvers: " + String.join(", ", policy.getApprovers()) + ")."));
                }
                override = true;
            }
            decided = true;
            return new Decided(vote == Vote.APPROVE ? ApprovalOutcome.APPROVED : ApprovalOutcome.REJECTED, who.userId(), comment, override);
        }
        return vote == Vote.REJECT ? rejectTiered(who, comment, ids, override) : signTier(who, tier, comment, now, ids, override);
    }

    private Attempt rejectTiered(Reviewer who, String comment, IdMatcher ids, boolean override) {
        boolean onSomeTier = policy.getTiers().stream().anyMatch(t -> matches(who, t.getApprovers(), ids));
        if (!onSomeTier && !who.administrator()) {
            return new Refused(who.userId() + " is not an approver of any tier of this version.");
        }
        decided = true;
        return new Decided(ApprovalOutcome.REJECTED, who.userId(), comment, override || !onSomeTier);
    }

    private Attempt signTier(Reviewer who, String tierName, String comment, Instant now, IdMatcher ids, boolean override) {
        // Sign-offs restored from the registry carry the id as stored there (sanitised): compare both spellings.
        String stored = MetadataValues.sanitize(who.userId());
        Optional<TierSignoff> already = signoffs.stream()
                .filter(s -> ids.sameUser(s.getUserId(), who.userId()) || ids.sameUser(s.getUserId(), stored)).findFirst();
        if (already.isPresent()) {
            return new Refused(who.userId() + " already signed tier '" + already.get().getTier()
                    + "'; nobody may sign two tiers.");
        }
        List<String> remaining = remainingTiers();
        if (remaining.isEmpty()) {
            // Every tier signed in the registry, but its status was set back: only the registry can decide now.
            return new Refused("Every tier has signed already, but the version is not Approved in the registry "
                    + "(its status was changed there); decide in the registry.");
        }
        String next = remaining.get(0);
        if (!tierName.isBlank() && !tierName.equals(next)) {
            boolean known = policy.getTiers().stream().anyMatch(t -> t.getName().equals(tierName));
            return new Refused(!known ? "There is no tier '" + tierName + "'."
                    : remaining.contains(tierName) ? "Tier '" + tierName + "' signs after '" + next + "', which has not signed yet."
                    : "Tier '" + tierName + "' has already signed.");
        }
        ApprovalTier tier = policy.getTiers().stream().filter(t -> t.getName().equals(next)).findFirst().orElseThrow();
        if (!matches(who, tier.getApprovers(), ids)) {
            if (!who.administrator()) {
                return new Refused(who.userId() + " may not sign tier '" + next + "' (approvers: "
                        + String.join(", ", tier.getApprovers()) + ").");
            }
            override = true;
        }
        TierSignoff signoff = new TierSignoff(next, who.userId(), now, comment, override);
        signoffs.add(signoff);
        List<String> left = remainingTiers();
        if (left.isEmpty()) {
            decided = true;
            return new Decided(ApprovalOutcome.APPROVED, who.userId(), comment, override);
        }
        return new Signed(signoff, left);
    }

    /** Takes back an attempt whose registry write failed, so the build and the registry keep telling one story. */
    public synchronized void undo(Attempt attempt) {
        if (attempt instanceof Signed s) {
            signoffs.remove(s.signoff());
        } else if (attempt instanceof Decided) {
            decided = false;
            if (policy.isTiered() && !signoffs.isEmpty() && ((Decided) attempt).outcome() == ApprovalOutcome.APPROVED) {
                signoffs.remove(signoffs.size() - 1);
            }
        }
    }

    /**
     * After a restart: a decision or sign-off the gate recorded but the registry never received (the controller
     * stopped mid-write) is taken back, so reviewers can act again. {@code confirmedTiers} are the tiers whose
     * sign-off the registry holds.
     */
    public synchronized void reconcile(java.util.Set<String> confirmedTiers) {
        decided = false;
        signoffs.removeIf(s -> !confirmedTiers.contains(MetadataValues.sanitize(s.getTier())));
    }

    /**
     * Brings the sign-offs in line with the registry's {@code approval:tier:*} keys: adds those the registry holds and
     * the gate lacks (signed before a restart that lost the build's copy, or through another build on the same
     * version), and, when {@code takeBackUnconfirmed}, first drops those the registry never received (the controller
     * stopped mid-write). Only safe with a read newer than every sign-off, so the wait calls it with takeBack only
     * while no reviewer can act. Returns the sign-offs added.
     */
    public synchronized List<TierSignoff> syncWithRegistry(java.util.Map<String, String> metadata, Instant fallback,
                                                           boolean takeBackUnconfirmed) {
        java.util.Set<String> confirmed = new java.util.HashSet<>();
        List<TierSignoff> added = new ArrayList<>();
        for (ApprovalTier t : policy.getTiers()) {
            String value = metadata.get(TierSignoff.registryKey(t.getName()));
            if (value != null) {
                confirmed.add(MetadataValues.sanitize(t.getName()));
                if (signoffs.stream().noneMatch(s -> s.getTier().equals(t.getName()))) {
                    added.add(TierSignoff.fromRegistry(t.getName(), value, fallback));
                }
            }
        }
        if (takeBackUnconfirmed) {
            reconcile(confirmed);
        }
        restore(added);
        return added;
    }

    /** Restores sign-offs recorded before a restart. */
    public synchronized void restore(List<TierSignoff> recorded) {
        for (TierSignoff s : recorded) {
            if (signoffs.stream().noneMatch(x -> x.getTier().equals(s.getTier()))) {
                signoffs.add(s);
            }
        }
    }

    /** The program state is written while other threads may sign: serialize under the gate's lock. */
    private synchronized void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
    }

    private boolean isRequester(Reviewer who, IdMatcher ids) {
        // The registrant comes from registry metadata, where ids are stored sanitized (DOMAIN\\alice as DOMAIN_alice):
        // compare the reviewer as stored too.
        String stored = MetadataValues.sanitize(who.userId());
        return requesters.stream().anyMatch(r -> ids.sameUser(r, who.userId()) || ids.sameUser(r, stored));
    }

    private static boolean matches(Reviewer who, List<String> allowed, IdMatcher ids) {
        for (String entry : allowed) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            if (ids.sameUser(e, who.userId()) || who.groups().stream().anyMatch(g -> ids.sameGroup(e, g))) {
                return true;
            }
        }
        return false;
    }
}
