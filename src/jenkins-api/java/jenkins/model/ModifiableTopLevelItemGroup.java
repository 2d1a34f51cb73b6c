package jenkins.model;

import hudson.model.ModifiableItemGroup;
import hudson.model.TopLevelItem;

// Shim: intermediate supertype of Jenkins only; createProject* are not declared.
public interface ModifiableTopLevelItemGroup extends ModifiableItemGroup<TopLevelItem> {
}
