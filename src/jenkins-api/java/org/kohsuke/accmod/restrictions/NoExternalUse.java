package org.kohsuke.accmod.restrictions;

// Shim: marker only.
public class NoExternalUse extends DoNotUse {
}
