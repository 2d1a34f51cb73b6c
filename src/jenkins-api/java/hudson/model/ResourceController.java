package hudson.model;

/** Shim: intermediate supertype of {@link Queue}; no members declared. */
public class ResourceController {
}
