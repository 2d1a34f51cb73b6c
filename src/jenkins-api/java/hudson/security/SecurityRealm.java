package hudson.security;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import jenkins.model.IdStrategy;

/** Shim: the id strategies default as in Jenkins; everything else about realms is not declared. */
public abstract class SecurityRealm implements Describable<SecurityRealm>, ExtensionPoint {

    public abstract SecurityComponents createSecurityComponents();

    public IdStrategy getUserIdStrategy() {
        return IdStrategy.CASE_INSENSITIVE;
    }

    public IdStrategy getGroupIdStrategy() {
        return getUserIdStrategy();
    }

    /** Shim: declared only as the return type of {@link #createSecurityComponents()}; its fields are omitted. */
    public static final class SecurityComponents {
        public SecurityComponents() {
        }
    }
}
