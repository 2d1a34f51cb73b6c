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
    void aRejectionNeedsAReason() {
        assertTrue(new ReviewRequest("POST", false, Vote.REJECT, "", " ").refusal().orElseThrow().contains("needs a reason"));
    }

    @Test
    void anOverlongCommentIsRefused() {
        assertTrue(new ReviewRequest("POST", false, Vote.APPROVE, "", "x".repeat(513)).refusal().orElseThrow()
                .startsWith("comment: must be at most 512"));
    }
}
