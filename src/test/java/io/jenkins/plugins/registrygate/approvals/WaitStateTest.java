package io.jenkins.plugins.registrygate.approvals;

import static io.jenkins.plugins.registrygate.approvals.WaitState.ABORTED;
import static io.jenkins.plugins.registrygate.approvals.WaitState.CHECKING;
import static io.jenkins.plugins.registrygate.approvals.WaitState.CONFIRMING;
import static io.jenkins.plugins.registrygate.approvals.WaitState.DECIDED;
import static io.jenkins.plugins.registrygate.approvals.WaitState.FAILED;
import static io.jenkins.plugins.registrygate.approvals.WaitState.NEW;
import static io.jenkins.plugins.registrygate.approvals.WaitState.PREPARING;
import static io.jenkins.plugins.registrygate.approvals.WaitState.WAITING;
import static io.jenkins.plugins.registrygate.approvals.WaitState.WRITING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The approval wait's transitions, written down once more here as the design says them: every pair of states is
 * checked, so adding or dropping a transition in {@link WaitState} without changing this table fails.
 */
class WaitStateTest {

    static final Map<WaitState, Set<WaitState>> DESIGN = Map.of(
            NEW, EnumSet.of(PREPARING, WAITING, ABORTED),
            PREPARING, EnumSet.of(WAITING, WRITING, DECIDED, FAILED, ABORTED),
            WAITING, EnumSet.of(WRITING, CHECKING, FAILED, ABORTED),
            WRITING, EnumSet.of(WAITING, CONFIRMING, DECIDED, FAILED, ABORTED),
            CONFIRMING, EnumSet.of(WAITING, WRITING, DECIDED, FAILED, ABORTED),
            CHECKING, EnumSet.of(WAITING, DECIDED, FAILED, ABORTED),
            DECIDED, EnumSet.noneOf(WaitState.class),
            FAILED, EnumSet.noneOf(WaitState.class),
            ABORTED, EnumSet.noneOf(WaitState.class));

    @Test
    void everyPairOfStatesIsAllowedExactlyWhenTheDesignSaysSo() {
        for (WaitState from : WaitState.values()) {
            for (WaitState to : WaitState.values()) {
                assertEquals(DESIGN.get(from).contains(to), from.canBecome(to), from + " -> " + to);
            }
        }
    }

    @Test
    void exactlyTheThreeEndingsAreTerminalAndNothingLeavesThem() {
        for (WaitState s : WaitState.values()) {
            assertEquals(List.of(DECIDED, FAILED, ABORTED).contains(s), s.isTerminal(), s.name());
        }
        for (WaitState end : List.of(DECIDED, FAILED, ABORTED)) {
            assertTrue(end.successors().isEmpty(), end.name());
        }
    }

    @Test
    void aDecisionIsReachedOnlyAfterReadingOrWritingTheRegistry() {
        // No shortcut from an idle state to DECIDED: the registry is read (CHECKING) or written (WRITING) first.
        assertFalse(NEW.canBecome(DECIDED));
        assertFalse(WAITING.canBecome(DECIDED));
        for (WaitState s : WaitState.values()) {
            if (s.canBecome(DECIDED)) {
                assertTrue(EnumSet.of(PREPARING, WRITING, CONFIRMING, CHECKING).contains(s), s.name());
            }
        }
    }

    @Test
    void everyLiveStateCanBeAbortedAndCanEnd() {
        for (WaitState s : WaitState.values()) {
            if (!s.isTerminal()) {
                assertTrue(s.canBecome(ABORTED), s + " must be abortable");
                assertTrue(reachesAnEnding(s), s + " must be able to end");
            }
        }
    }

    @Test
    void onlyWritingAndConfirmingHoldAWrite() {
        for (WaitState s : WaitState.values()) {
            assertEquals(s == WRITING || s == CONFIRMING, s.isWriting(), s.name());
        }
    }

    private static boolean reachesAnEnding(WaitState from) {
        Set<WaitState> seen = EnumSet.of(from);
        List<WaitState> todo = new java.util.ArrayList<>(List.of(from));
        while (!todo.isEmpty()) {
            WaitState s = todo.remove(0);
            if (s == DECIDED) {
                return true;
            }
            for (WaitState n : s.successors()) {
                if (seen.add(n)) {
                    todo.add(n);
                }
            }
        }
        return false;
    }
}
