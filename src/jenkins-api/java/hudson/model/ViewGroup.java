package hudson.model;

import hudson.security.AccessControlled;

// Shim: intermediate supertype of Jenkins only; the view members are not declared.
public interface ViewGroup extends Saveable, ModelObject, AccessControlled {
}
