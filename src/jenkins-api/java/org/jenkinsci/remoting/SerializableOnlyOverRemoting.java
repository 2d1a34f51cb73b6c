package org.jenkinsci.remoting;

import java.io.Serializable;

// Shim: intermediate supertype of TaskListener only; the channel helpers are not declared.
public interface SerializableOnlyOverRemoting extends Serializable {
}
