package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Objects;

/** Shim with working behaviour for the declared matchers. */
@SuppressWarnings("rawtypes")
public class CredentialsMatchers {

    private CredentialsMatchers() {
        throw new UnsupportedOperationException("Utility class");
    }

    @NonNull
    public static CredentialsMatcher always() {
        return new Constant(true);
    }

    @NonNull
    public static CredentialsMatcher instanceOf(@NonNull Class clazz) {
        return new InstanceOf(clazz);
    }

    @NonNull
    public static CredentialsMatcher withId(@NonNull String id) {
        return new WithId(id);
    }

    @NonNull
    public static CredentialsMatcher not(@NonNull CredentialsMatcher matcher) {
        return c -> !matcher.matches(c);
    }

    @NonNull
    public static CredentialsMatcher withScope(@NonNull CredentialsScope scope) {
        return c -> c.getScope() == scope;
    }

    @CheckForNull
    public static <C extends Credentials> C firstOrNull(@NonNull Iterable<C> credentials,
                                                        @NonNull CredentialsMatcher matcher) {
        for (C c : credentials) {
            if (matcher.matches(c)) {
                return c;
            }
        }
        return null;
    }

    private record Constant(boolean match) implements CredentialsMatcher {
        @Override
        public boolean matches(@NonNull Credentials item) {
            return match;
        }
    }

    private record InstanceOf(Class clazz) implements CredentialsMatcher {
        InstanceOf {
            Objects.requireNonNull(clazz);
        }

        @Override
        public boolean matches(@NonNull Credentials item) {
            return clazz.isInstance(item);
        }
    }

    private record WithId(String id) implements CredentialsMatcher {
        WithId {
            Objects.requireNonNull(id);
        }

        @Override
        public boolean matches(@NonNull Credentials item) {
            return item instanceof IdCredentials && id.equals(((IdCredentials) item).getId());
        }
    }
}
