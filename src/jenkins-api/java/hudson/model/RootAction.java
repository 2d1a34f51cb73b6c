package hudson.model;

import hudson.ExtensionPoint;

// Shim: the default methods getBadge() (jenkins.management.Badge, not declared) and isPrimaryAction() are not declared.
public interface RootAction extends Action, ExtensionPoint {
}
