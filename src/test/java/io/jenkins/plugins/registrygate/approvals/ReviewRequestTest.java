package io.jenkins.plugins.registrygate.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** State changes only by POST, from a logged-in user, with a bounded comment (the crumb is Jenkins' CrumbFilter's). */
class ReviewRequestTest {

    @Test
    void aPostWithACrumbFromAUserPasses() {
        assertEquals(Optional.empty(), new ReviewRequest("POST", false, Vote.APPROVE, "", "ok").refusal());
    }

    @Test
    void getIsRefused() {
        assertTrue(new ReviewRequest("GET", false, Vote.APPROVE, "", "").refusal().orElseThrow().contains("must be sent with POST"));
    }

    @Test
    void anonymousDecisionsAreRefused() {
        assertTrue(new ReviewRequest("POST", true, Vote.APPROVE, "", "").refusal().orElseThrow().contains("Log in"));
    }

    @Test
    void withoutSecurityAnonymousDecisionsAreAcceptedAsTheInputStepAcceptsThem() {
        assertEquals(Optional.empty(), new ReviewRequest("POST", true, false, Vote.APPROVE, "", "ok").refusal());
    }

    @Test
    void withSecurityAnonymousIsRefusedWhateverItsPermissions() {
        assertTrue(new ReviewRequest("POST", true, true, Vote.APPROVE, "", "").refusal().orElseThrow().contains("Log in"));
    }

    @Test
    void theButtonsAndThePostAskTheSameQuestion() {
        // ApprovalPage.isActionable() shows the buttons only when whyNotIdentified is empty; the POST refuses with it.
        for (boolean anonymous : new boolean[] {false, true}) {
            for (boolean security : new boolean[] {false, true}) {
                assertEquals(ReviewRequest.whyNotIdentified(anonymous, security),
                        new ReviewRequest("POST", anonymous, security, Vote.APPROVE, "", "").refusal(),
                        "anonymous=" + anonymous + ", security=" + security);
            }
        }
    }

    @Test
    void aRejectionNeedsAReason() {
        assertTrue(new ReviewRequest("POST", false, Vote.REJECT, "", " ").refusal().orElseThrow().contains("needs a reason"));
    }

    @Test
    void anOverlongCommentIsRefused() {
        assertTrue(new ReviewRequest("POST", false, Vote.APPROVE, "", "x".repeat(513)).refusal().orElseThrow()
                .startsWith("comment: must be at most 512"));
    }
}
