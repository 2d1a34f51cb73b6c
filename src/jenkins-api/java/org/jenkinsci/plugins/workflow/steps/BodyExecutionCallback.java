package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

// Shim: wrap(FutureCallback) and TailCall are omitted.
public abstract class BodyExecutionCallback implements Serializable {

    public void onStart(StepContext context) {}

    public abstract void onSuccess(StepContext context, Object result);

    public abstract void onFailure(StepContext context, Throwable t);

    private static final long serialVersionUID = 1L;
}
