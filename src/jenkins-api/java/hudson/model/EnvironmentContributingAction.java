package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;

/**
 * Shim: the deprecated, {@code @Restricted(ProtectedExternally)} {@code buildEnvVars(AbstractBuild, EnvVars)} is not
 * declared (AbstractBuild is not). The real default of {@link #buildEnvironment} forwards to it for AbstractBuilds only
 * when it is overridden; for any other run it does nothing, as here.
 */
public interface EnvironmentContributingAction extends Action {
    default void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
    }
}
