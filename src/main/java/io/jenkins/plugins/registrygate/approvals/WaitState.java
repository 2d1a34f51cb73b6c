package io.jenkins.plugins.registrygate.approvals;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one {@link ApprovalWait} stands. Every change of state goes through {@link #canBecome}, so the allowed
 * transitions below are the whole story; {@code WaitStateTest} checks this table against the design.
 *
 * <pre>
 * NEW        -> PREPARING   begin, or a resume that must read the version (no summary yet, tiers, rules, a write in flight)
 *            -> WAITING     a resume of a plain wait that knows its summary: the group's first poll finds decisions
 *            -> ABORTED     the build stopped before the wait began
 * PREPARING  -> WAITING     the version is Completed and not decided: the prompt is shown
 *            -> WRITING     the approveIf rules decided; their decision is being written
 *            -> DECIDED     the registry had decided already; or the deadline passed
 *            -> FAILED      the version does not exist, is Failed, has no metadata room, or access is denied
 *            -> ABORTED
 * WAITING    -> WRITING     a reviewer's decision or tier sign-off is being written (one writer at a time)
 *            -> CHECKING    the watcher saw a final status, or the deadline passed: the version is read
 *            -> FAILED      the registry client for the watcher cannot be built (credentials gone)
 *            -> ABORTED
 * WRITING    -> WAITING     a tier signed, or nothing was written (refused, failed): reviewers go on
 *            -> CONFIRMING  the write's answer was lost and the read-back failed: whether it landed is unknown
 *            -> DECIDED     the write landed (read back), or the registry held or now holds another decision
 *            -> FAILED      the registry refuses the rules' write for good (access denied, version failed)
 *            -> ABORTED     the build was stopped and nothing reached the registry
 * CONFIRMING -> WAITING     the reviewer's write did not land: nothing is recorded
 *            -> WRITING     the rules' write did not land: it is written again
 *            -> DECIDED     it landed (or another decision is there)
 *            -> FAILED      the version can no longer be read (deleted, access denied)
 *            -> ABORTED     the build was stopped (the console says whether the write's fate is known)
 * CHECKING   -> WAITING     not decided after all (set back to pending), or the read failed: wait and look again
 *            -> DECIDED     decided in the registry; or timed out at the deadline
 *            -> FAILED      the version can no longer be read
 *            -> ABORTED
 * DECIDED, FAILED, ABORTED: terminal. Nothing leaves them; a restart delivers them again.
 * </pre>
 *
 * A controller restart is not a transition: the saved state is kept for what it says about the past (a write may
 * have been in flight), and the resumed wait starts again from {@code NEW}, or delivers its terminal state again.
 */
public enum WaitState {
    NEW, PREPARING, WAITING, WRITING, CONFIRMING, CHECKING, DECIDED, FAILED, ABORTED;

    private static final Map<WaitState, Set<WaitState>> NEXT = new EnumMap<>(WaitState.class);

    static {
        allow(NEW, PREPARING, WAITING, ABORTED);
        allow(PREPARING, WAITING, WRITING, DECIDED, FAILED, ABORTED);
        allow(WAITING, WRITING, CHECKING, FAILED, ABORTED);
        allow(WRITING, WAITING, CONFIRMING, DECIDED, FAILED, ABORTED);
        allow(CONFIRMING, WAITING, WRITING, DECIDED, FAILED, ABORTED);
        allow(CHECKING, WAITING, DECIDED, FAILED, ABORTED);
        allow(DECIDED);
        allow(FAILED);
        allow(ABORTED);
    }

    private static void allow(WaitState from, WaitState... to) {
        Set<WaitState> next = EnumSet.noneOf(WaitState.class);
        next.addAll(java.util.List.of(to));
        NEXT.put(from, Collections.unmodifiableSet(next));
    }

    /** The states this one may change into. */
    public Set<WaitState> successors() {
        return NEXT.get(this);
    }

    public boolean canBecome(WaitState next) {
        return NEXT.get(this).contains(next);
    }

    /** Decided, failed or aborted: the wait is over and nothing may happen any more. */
    public boolean isTerminal() {
        return NEXT.get(this).isEmpty();
    }

    /** A registry write of this wait may be in flight (or its fate unknown). */
    public boolean isWriting() {
        return this == WRITING || this == CONFIRMING;
    }
}
