package hudson.model;

// Shim: intermediate supertype of Node only; reconfigure is not declared.
public interface ReconfigurableDescribable<T extends ReconfigurableDescribable<T>> extends Describable<T> {
}
