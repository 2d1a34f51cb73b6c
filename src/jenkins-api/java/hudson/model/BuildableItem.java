package hudson.model;

/** Shim: intermediate supertype of ParameterizedJobMixIn.ParameterizedJob; its members are not declared. */
public interface BuildableItem extends Item, Queue.Task {
}
