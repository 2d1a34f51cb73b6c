package io.jenkins.plugins.registrygate.approvals;

import java.util.Optional;

/**
 * The web request behind an approve or reject, checked before the gate sees it: POST only, a logged-in user (when
 * Jenkins has security), a comment within SageMaker's ApprovalDescription limit, a reason for a rejection. The
 * crumb is not checked here: Jenkins' CrumbFilter has already refused any POST without a valid crumb (header or form
 * field) before this code runs, and exempts API-token clients as Jenkins intends; a second check here could only
 * refuse legitimate scripts.
 *
 * @param securityEnabled whether Jenkins has security ({@code Jenkins.isUseSecurity()}); without it every request is
 *     anonymous and, as for the {@code input} step, anyone may decide
 */
public record ReviewRequest(String httpMethod, boolean anonymous, boolean securityEnabled, Vote vote, String tier,
                            String comment) {

    /** Room left for the comment in the 1024-character ApprovalDescription after the user and build URL. */
    public static final int MAX_COMMENT = 512;

    public ReviewRequest {
        tier = tier == null ? "" : tier.trim();
        comment = comment == null ? "" : comment;
    }

    /** A request to a Jenkins with security (the usual case). */
    public ReviewRequest(String httpMethod, boolean anonymous, Vote vote, String tier, String comment) {
        this(httpMethod, anonymous, true, vote, tier, comment);
    }

    /**
     * Why this person cannot decide at all, if so: the one test behind both the approval page's buttons and the POST.
     * With security, anonymous users are refused whatever permissions they are granted (a decision needs a name).
     * Without security (Jenkins' "anyone can do anything"), Jenkins knows nobody's name and grants everyone every
     * permission, so, as the {@code input} step does then, anyone may decide; the decision is recorded as anonymous's.
     */
    public static Optional<String> whyNotIdentified(boolean anonymous, boolean securityEnabled) {
        if (anonymous && securityEnabled) {
            return Optional.of("Log in to approve or reject: anonymous decisions are not accepted.");
        }
        return Optional.empty();
    }

    /** Why the request must be refused before it reaches the gate, if it must. */
    public Optional<String> refusal() {
        if (!"POST".equalsIgnoreCase(httpMethod)) {
            return Optional.of("Approvals change state and must be sent with POST (got " + httpMethod + ").");
        }
        Optional<String> unidentified = whyNotIdentified(anonymous, securityEnabled);
        if (unidentified.isPresent()) {
            return unidentified;
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
