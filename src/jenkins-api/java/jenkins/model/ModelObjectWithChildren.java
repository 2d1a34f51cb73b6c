package jenkins.model;

import hudson.model.ModelObject;

// Shim: intermediate supertype only; doChildrenContextMenu is not declared.
public interface ModelObjectWithChildren extends ModelObject {
}
