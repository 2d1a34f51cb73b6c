package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

public class StandardListBoxModel
        extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    @NonNull
    protected String describe(@NonNull StandardCredentials c) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
