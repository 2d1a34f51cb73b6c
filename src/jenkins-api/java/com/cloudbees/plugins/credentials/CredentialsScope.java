package com.cloudbees.plugins.credentials;

import hudson.model.ModelObject;
import java.io.Serializable;

/** Shim: the constants exist; their localized display names and context rules are not available. */
public enum CredentialsScope implements Serializable {
    SYSTEM {
        @Override
        public String getDisplayName() {
            throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
        }

        @Override
        public boolean isVisible(ModelObject context) {
            throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
        }
    },
    GLOBAL {
        @Override
        public String getDisplayName() {
            throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
        }

        @Override
        public boolean isVisible(ModelObject context) {
            throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
        }
    },
    USER {
        @Override
        public String getDisplayName() {
            throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
        }

        @Override
        public boolean isVisible(ModelObject context) {
            throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
        }
    };

    public abstract String getDisplayName();

    public abstract boolean isVisible(ModelObject context);
}
