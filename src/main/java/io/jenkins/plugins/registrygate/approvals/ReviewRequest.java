package io.jenkins.plugins.registrygate.approvals;

import java.util.Optional;

/**
 * The web request behind an approve or reject, checked before the gate sees it: POST only, a valid crumb, a
 * logged-in user, a comment within SageMaker's ApprovalDescription limit. Jenkins' own filters enforce POST and
 * the crumb too; checking here as well keeps the rule visible and tested where the decision is made.
 */
public record ReviewRequest(String httpMethod, boolean crumbValid, boolean anonymous, Vote vote, String tier, String comment) {

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
        if (!crumbValid) {
            return Optional.of("No valid crumb: the request was not sent from a Jenkins page or with a crumb (CSRF protection).");
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
