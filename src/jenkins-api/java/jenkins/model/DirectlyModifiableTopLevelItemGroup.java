package jenkins.model;

// Shim: intermediate supertype of Jenkins only; canAdd/add/remove are not declared.
public interface DirectlyModifiableTopLevelItemGroup extends ModifiableTopLevelItemGroup {
}
