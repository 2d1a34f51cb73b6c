package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Descriptor;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/** Shim: the declared defaults behave as in workflow-step-api. */
public abstract class StepDescriptor extends Descriptor<Step> {

    public abstract Set<? extends Class<?>> getRequiredContext();

    public Set<? extends Class<?>> getProvidedContext() {
        return Collections.emptySet();
    }

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        return false;
    }

    public boolean isAdvanced() {
        return false;
    }

    @CheckForNull
    public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
        if (namedArgs.size() == 1) {
            Object val = namedArgs.values().iterator().next();
            boolean simple = val instanceof CharSequence || val instanceof Number || val instanceof Boolean || val instanceof Enum;
            return simple ? val.toString() : null;
        }
        return null;
    }
}
