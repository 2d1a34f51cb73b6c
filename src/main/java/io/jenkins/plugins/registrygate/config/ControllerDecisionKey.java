package io.jenkins.plugins.registrygate.config;

import io.jenkins.plugins.registrygate.approvals.DecisionSeal;
import jenkins.security.HMACConfidentialKey;

/**
 * The controller's key for {@link DecisionSeal}: a Jenkins {@link HMACConfidentialKey}, generated on first use and
 * kept in {@code JENKINS_HOME/secrets/} (encrypted with the controller's master key), out of reach of sandboxed Pipeline code.
 * Losing it (a new JENKINS_HOME without {@code secrets/}) makes earlier Jenkins decisions count as registry ones.
 */
public final class ControllerDecisionKey implements DecisionSeal.Key {

    /** Fixed, not derived from this class's name: renaming the class must not make every seal unverifiable. */
    static final String KEY_ID = "io.jenkins.plugins.registrygate.config.ControllerDecisionKey.decisionSeal";

    private static final HMACConfidentialKey KEY = new HMACConfidentialKey(KEY_ID);

    @Override
    public String mac(String message) {
        return KEY.mac(message);
    }
}
