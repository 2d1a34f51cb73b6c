package org.kohsuke.stapler;

// Shim: intermediate supertype of Job only; getOverrides() is not declared.
public interface StaplerOverridable {
}
