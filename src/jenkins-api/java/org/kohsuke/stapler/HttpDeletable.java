package org.kohsuke.stapler;

// Shim: intermediate supertype of AbstractItem only; delete(StaplerRequest2, StaplerResponse2) is not declared.
public interface HttpDeletable {
}
