package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;

// Shim: the SOURCE-retention @LegacyMixIn and the nested Helpers class are omitted.
public interface IdCredentials extends Credentials {
    @NonNull
    String getId();
}
