package hudson.model;

// Shim: intermediate supertype of Jenkins only; doCreateItem is not declared.
public interface ModifiableItemGroup<T extends Item> extends ItemGroup<T> {
}
