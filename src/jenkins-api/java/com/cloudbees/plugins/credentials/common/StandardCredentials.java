package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.NameWith;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;

// Shim: the SOURCE-retention @Recommended is omitted.
@NameWith(value = StandardCredentials.NameProvider.class, priority = -16)
public interface StandardCredentials extends IdCredentials {
    @NonNull
    String getDescription();

    class NameProvider extends CredentialsNameProvider<StandardCredentials> {
        @NonNull
        @Override
        public String getName(@NonNull StandardCredentials c) {
            String description = Util.fixEmptyAndTrim(c.getDescription());
            return c.getId() + (description != null ? " (" + description + ")" : "");
        }
    }
}
