package hudson.model;

// Shim: declared without its default method (intermediate supertype only).
public interface DescriptorByNameOwner extends ModelObject {
}
