package hudson.model;

// Shim: intermediate supertype of Jenkins only; addView is not declared.
public interface ModifiableViewGroup extends ViewGroup {
}
