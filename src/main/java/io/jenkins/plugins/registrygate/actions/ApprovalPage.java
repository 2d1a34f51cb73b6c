package io.jenkins.plugins.registrygate.actions;

import io.jenkins.plugins.registrygate.JsonText;
import hudson.model.Item;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.SecurityRealm;
import io.jenkins.plugins.registrygate.approvals.ApprovalWait;
import io.jenkins.plugins.registrygate.approvals.IdMatcher;
import io.jenkins.plugins.registrygate.approvals.ReviewRequest;
import io.jenkins.plugins.registrygate.approvals.Reviewer;
import io.jenkins.plugins.registrygate.approvals.Vote;
import io.jenkins.plugins.registrygate.approvals.WaitState;
import io.jenkins.plugins.registrygate.audit.ApprovalRecord;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jenkins.model.IdStrategy;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The approval prompt of one wait ({@code <build>/registry-gate/approval/<id>/}) and its POST endpoints
 * {@code approve} and {@code reject} (form fields or query parameters {@code comment} and {@code tier}; send the
 * crumb). Browsers are redirected back to the prompt; callers sending {@code Accept: application/json} get JSON.
 */
public final class ApprovalPage {

    private final RegistryGateAction action;
    private final ApprovalRecord record;

    ApprovalPage(RegistryGateAction action, ApprovalRecord record) {
        this.action = action;
        this.record = record;
    }

    public ApprovalRecord getRecord() {
        return record;
    }

    public Run<?, ?> getRun() {
        return action.getRun();
    }

    public String getDisplayName() {
        return "Approval " + record.getId();
    }

    /**
     * Whether the user looking at the page may act, to show or hide the buttons: the same tests as the POST (which
     * makes them again), identification first.
     */
    public boolean isActionable() {
        Optional<ApprovalWait> wait = action.liveWait(record.getId());
        return wait.isPresent() && wait.get().state() == WaitState.WAITING
                && ReviewRequest.whyNotIdentified(ACL.isAnonymous2(Jenkins.getAuthentication2()), Jenkins.get().isUseSecurity()).isEmpty()
                && wait.get().gate().mayAct(currentReviewer(), idMatcher());
    }

    /** Whether the wait is live in this controller (false while a resumed build has not re-attached yet). */
    public boolean isLive() {
        return action.liveWait(record.getId()).isPresent();
    }

    @RequirePOST
    public HttpResponse doApprove(StaplerRequest2 req) {
        return decide(req, Vote.APPROVE);
    }

    @RequirePOST
    public HttpResponse doReject(StaplerRequest2 req) {
        return decide(req, Vote.REJECT);
    }

    private HttpResponse decide(StaplerRequest2 req, Vote vote) {
        // @RequirePOST answers anything but POST with 405, and Jenkins' CrumbFilter has checked the crumb.
        Authentication auth = Jenkins.getAuthentication2();
        ReviewRequest request = new ReviewRequest(req.getMethod(), ACL.isAnonymous2(auth), Jenkins.get().isUseSecurity(),
                vote, req.getParameter("tier"), req.getParameter("comment"));
        Optional<String> refused = request.refusal();
        if (refused.isPresent()) {
            return respond(req, 403, false, refused.get());
        }
        Optional<ApprovalWait> wait = action.liveWait(record.getId());
        if (wait.isEmpty()) {
            return respond(req, 409, false, "This approval is not waiting (state " + record.getState() + ").");
        }
        ApprovalWait.Answer answer = wait.get().attempt(currentReviewer(), vote, request.tier(), request.comment(), idMatcher());
        if (answer instanceof ApprovalWait.Refused r) {
            return respond(req, 403, false, r.reason());
        }
        action.save();
        if (answer instanceof ApprovalWait.Unconfirmed u) {
            // Accepted for processing: the build reads the registry again and records the decision if it is there.
            return respond(req, 202, true, u.message());
        }
        return respond(req, 200, true, ((ApprovalWait.Accepted) answer).message());
    }

    private HttpResponse respond(StaplerRequest2 req, int status, boolean ok, String message) {
        String accept = req.getHeader("Accept");
        if (accept != null && accept.contains("application/json")) {
            if (ok && status == 200) {
                // okJSON wraps this as {"status":"ok","data":{...}}.
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("message", message);
                data.put("approval", record.toExportMap());
                return hudson.util.HttpResponses.okJSON(data);
            }
            return new HttpResponse() {
                @Override
                public void generateResponse(StaplerRequest2 request, StaplerResponse2 response, Object node) throws IOException {
                    response.setStatus(status);
                    response.setContentType("application/json;charset=UTF-8");
                    response.getWriter().write(JsonText.object(Map.of("status", ok ? "unconfirmed" : "refused", "message", message)));
                }
            };
        }
        // A browser goes back to the prompt, which shows the state (also while an unconfirmed write is read again).
        return ok ? HttpResponses.redirectTo(".") : HttpResponses.errorWithoutStack(status, message);
    }

    private Reviewer currentReviewer() {
        Authentication auth = Jenkins.getAuthentication2();
        List<String> groups = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
        Run<?, ?> run = action.getRun();
        return new Reviewer(auth.getName(), groups, Jenkins.get().hasPermission(Jenkins.ADMINISTER),
                run != null && run.getParent().hasPermission(Item.BUILD));
    }

    private static IdMatcher idMatcher() {
        SecurityRealm realm = Jenkins.get().getSecurityRealm();
        IdStrategy users = realm.getUserIdStrategy();
        IdStrategy groups = realm.getGroupIdStrategy();
        return new IdMatcher() {
            @Override
            public boolean sameUser(String a, String b) {
                return users.equals(a.trim(), b.trim());
            }

            @Override
            public boolean sameGroup(String a, String b) {
                return groups.equals(a.trim(), b.trim());
            }
        };
    }
}
