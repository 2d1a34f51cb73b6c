package jenkins.model;

import hudson.model.ModelObject;

// Shim: intermediate supertype only; the doContextMenu defaults and the ContextMenu classes are not declared.
public interface ModelObjectWithContextMenu extends ModelObject {
}
