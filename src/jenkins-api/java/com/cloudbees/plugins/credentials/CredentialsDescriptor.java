package com.cloudbees.plugins.credentials;

import hudson.model.Descriptor;

/** Shim: minimal; the real class also implements org.jenkins.ui.icon.IconSpec (not declared, see README). */
public abstract class CredentialsDescriptor extends Descriptor<Credentials> {
    protected CredentialsDescriptor(Class<? extends Credentials> clazz) {
        super(clazz);
    }

    protected CredentialsDescriptor() {
    }
}
