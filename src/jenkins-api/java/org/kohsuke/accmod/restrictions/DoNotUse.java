package org.kohsuke.accmod.restrictions;

import org.kohsuke.accmod.AccessRestriction;

// Shim: marker only.
public class DoNotUse extends AccessRestriction {
}
