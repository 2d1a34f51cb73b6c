package org.kohsuke.accmod;

// Shim: declared only so that @Restricted can name its restrictions; the checker callbacks are not declared.
public abstract class AccessRestriction {
}
