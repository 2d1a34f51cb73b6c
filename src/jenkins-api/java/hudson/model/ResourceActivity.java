package hudson.model;

/** Shim: intermediate supertype; its only member, the default getResourceList(), is not declared. */
public interface ResourceActivity extends ModelObject {
}
