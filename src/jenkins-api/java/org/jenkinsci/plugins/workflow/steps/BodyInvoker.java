package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

// Shim: the abstract members only; withContexts, withCallback(FutureCallback) and the merge helpers are omitted.
public abstract class BodyInvoker {
    public abstract BodyInvoker withContext(Object override);

    public abstract BodyInvoker withDisplayName(@NonNull String name);

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyExecution start();
}
