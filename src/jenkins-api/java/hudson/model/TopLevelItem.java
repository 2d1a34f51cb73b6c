package hudson.model;

import hudson.ExtensionPoint;

// Shim: the covariant getDescriptor() returning TopLevelItemDescriptor is not declared.
public interface TopLevelItem extends Item, ExtensionPoint, Describable<TopLevelItem> {
}
