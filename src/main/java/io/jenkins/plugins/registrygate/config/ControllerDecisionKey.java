package io.jenkins.plugins.registrygate.config;

import io.jenkins.plugins.registrygate.approvals.DecisionSeal;
import jenkins.security.HMACConfidentialKey;

/**
 * The controller's key for {@link DecisionSeal}: a Jenkins {@link HMACConfidentialKey}, generated on first use and
 * kept in {@code JENKINS_HOME/secrets/} (encrypted with the controller's master key), out of reach of sandboxed Pipeline code.
 * Losing it (a new JENKINS_HOME without {@code secrets/}) makes earlier Jenkins decisions count as registry ones.
 */
public final class ControllerDecisionKey implements DecisionSeal.Key {

    private static final HMACConfidentialKey KEY = new HMACConfidentialKey(ControllerDecisionKey.class, "decisionSeal");

    @Override
    public String mac(String message) {
        return KEY.mac(message);
    }
}
