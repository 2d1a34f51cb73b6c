package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;

// Shim: only the abstract member; the static name(Credentials) lookup is not declared.
public abstract class CredentialsNameProvider<C extends Credentials> {
    @NonNull
    public abstract String getName(@NonNull C credentials);
}
