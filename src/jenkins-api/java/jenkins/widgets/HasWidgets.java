package jenkins.widgets;

import jenkins.security.stapler.StaplerAccessibleType;

// Shim: intermediate supertype of Job only; its members are not declared.
@StaplerAccessibleType
public interface HasWidgets {
}
