package io.jenkins.plugins.registrygate.gates;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gate check as the build records it. An immutable class, not a record: it is stored in build.xml and in the
 * Pipeline program state.
 */
public final class GateCheckResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final GateCheck check;
    private final CheckOutcome outcome;
    private final String detail;
    private final String waivedBy;
    private final String waiverReason;

    public GateCheckResult(GateCheck check, CheckOutcome outcome, String detail) {
        this(check, outcome, detail, "", "");
    }

    private GateCheckResult(GateCheck check, CheckOutcome outcome, String detail, String waivedBy, String waiverReason) {
        this.check = check;
        this.outcome = outcome;
        this.detail = detail == null ? "" : detail;
        this.waivedBy = waivedBy;
        this.waiverReason = waiverReason;
    }

    /** This result waived: it no longer blocks, and the record keeps why it would have and who waived it. */
    public GateCheckResult waived(String by, String reason) {
        return new GateCheckResult(check, CheckOutcome.WAIVED, detail, by, reason);
    }

    public GateCheck getCheck() {
        return check;
    }

    public CheckOutcome getOutcome() {
        return outcome;
    }

    /** What was found: the evidence of a pass, or why the check failed. */
    public String getDetail() {
        return detail;
    }

    public String getWaivedBy() {
        return waivedBy;
    }

    public String getWaiverReason() {
        return waiverReason;
    }

    public boolean blocks() {
        return outcome.blocks();
    }

    /** One line for the console: {@code modelCard: failed: card churn-v7 is PendingReview}. */
    public String summary() {
        return (check.id() + ": " + outcome.label() + (detail.isEmpty() ? "" : ": " + detail)
                + (outcome == CheckOutcome.WAIVED ? " (waived by " + waivedBy + ": " + waiverReason + ")" : ""))
                .replaceAll("\\p{Cntrl}", " ");
    }

    /** Plain values for the step's result and the REST API. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", check.id());
        m.put("outcome", outcome.label());
        m.put("detail", detail);
        if (outcome == CheckOutcome.WAIVED) {
            m.put("waivedBy", waivedBy);
            m.put("waiverReason", waiverReason);
        }
        return m;
    }

    private Object readResolve() {
        return detail == null || waivedBy == null || waiverReason == null
                ? new GateCheckResult(check, outcome, detail, waivedBy == null ? "" : waivedBy,
                        waiverReason == null ? "" : waiverReason)
                : this;
    }
}
