package io.jenkins.plugins.registrygate.approvals;

import java.util.Optional;

/**
 * The web request behind an approve or reject, checked before the gate sees it: POST only, a logged-in user, a
 * comment within SageMaker's ApprovalDescription limit, a reason for a rejection. The crumb is not checked here:
 * Jenkins' CrumbFilter has already refused any POST without a valid crumb (header or form field) before this code
 * runs, and exempts API-token clients as Jenkins intends; a second check here could only refuse legitimate scripts.
 */
public record ReviewRequest(String httpMethod, boolean anonymous, Vote vote, String tier, String comment) {

    /** Room left for the comment in the 1024-character ApprovalDescription after the user and build URL. */
    public static final int MAX_COMMENT = 512;

    public ReviewRequest {
        tier = tier == null ? "" : tier.trim();
        comment = comment == null ? "" : comment;
    }

    /** Why the request must be refused before it reaches the gate, if it must. */
    public Optional<String> refusal() {
        if (!"POST".equalsIgnoreCase(httpMethod)) {
            return Optional.of("Approvals change state and must be sent with POST (got " + httpMethod + ").");
        }
        if (anonymous) {
            return Optional.of("Log in to approve or reject: anonymous decisions are not accepted.");
        }
        if (comment.length() > MAX_COMMENT) {
            return Optional.of("comment: must be at most " + MAX_COMMENT + " characters (got " + comment.length() + ").");
        }
        if (vote == Vote.REJECT && comment.isBlank()) {
            return Optional.of("comment: a rejection needs a reason.");
        }
        return Optional.empty();
    }
}
