package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.model.CauseOfInterruption;

/** Shim with working behaviour (handle(Run, TaskListener) is not declared). */
public final class FlowInterruptedException extends InterruptedException {

    private static final long serialVersionUID = 630482382622970136L;

    private final @NonNull Result result;
    private final @NonNull List<CauseOfInterruption> causes;
    private Boolean actualInterruption = true;

    @Deprecated
    public FlowInterruptedException(@NonNull Result result, @NonNull CauseOfInterruption... causes) {
        this(result, true, causes);
    }

    public FlowInterruptedException(@NonNull Result result, boolean actualInterruption, @NonNull CauseOfInterruption... causes) {
        this.result = result;
        this.causes = Arrays.asList(causes);
        this.actualInterruption = actualInterruption;
    }

    public @NonNull Result getResult() {
        return result;
    }

    public @NonNull List<CauseOfInterruption> getCauses() {
        return causes;
    }

    public boolean isActualInterruption() {
        return actualInterruption;
    }

    public void setActualInterruption(boolean actualInterruption) {
        this.actualInterruption = actualInterruption;
    }

    private Object readResolve() {
        if (actualInterruption == null) {
            actualInterruption = true;
        }
        return this;
    }

    @Override
    public String getMessage() {
        return causes.stream().map(CauseOfInterruption::getShortDescription).collect(Collectors.joining(", "));
    }
}
