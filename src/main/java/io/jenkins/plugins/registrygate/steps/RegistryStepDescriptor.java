package io.jenkins.plugins.registrygate.steps;

import hudson.EnvVars;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** What every step of this plugin declares alike: the context it needs and the Snippet Generator's credentials list. */
abstract class RegistryStepDescriptor extends StepDescriptor {

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class, EnvVars.class);
    }

    /** The Snippet Generator's credentials drop-down; see {@link RegistryStep#credentialsIdItems}. */
    @POST
    public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
        return RegistryStep.credentialsIdItems(item, credentialsId);
    }
}
