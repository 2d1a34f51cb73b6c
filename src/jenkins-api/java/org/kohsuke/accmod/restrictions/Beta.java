package org.kohsuke.accmod.restrictions;

// Shim: marker only.
public class Beta extends DoNotUse {
}
