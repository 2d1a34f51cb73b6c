package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Result;
import java.io.Serializable;
import java.util.Collection;
import java.util.concurrent.Future;

// Shim: the deprecated cancel(CauseOfInterruption...) is omitted.
public abstract class BodyExecution implements Future<Object>, Serializable {

    public abstract Collection<StepExecution> getCurrentExecutions();

    @Deprecated
    public boolean cancel(boolean b) {
        return cancel(new FlowInterruptedException(Result.ABORTED, true));
    }

    /** As in workflow-step-api, an implementation must override this. */
    public boolean cancel(Throwable t) {
        throw new AbstractMethodError("Override cancel(Throwable) from " + getClass());
    }

    private static final long serialVersionUID = 1L;
}
