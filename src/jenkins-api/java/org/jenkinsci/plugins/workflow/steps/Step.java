package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

@SuppressWarnings("deprecation") // AbstractDescribableImpl is deprecated, but still Step's real superclass
public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {

    public abstract StepExecution start(StepContext context) throws Exception;

    /** Shim: as in Jenkins this looks the descriptor up in the running Jenkins, of which there is none here. */
    @Override public StepDescriptor getDescriptor() {
        return (StepDescriptor) super.getDescriptor();
    }
}
