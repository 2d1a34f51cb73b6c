package io.jenkins.plugins.registrygate.approvals;

import java.util.Locale;

/** Compares user ids and group names as the security realm does (its user and group id strategies). */
public interface IdMatcher {

    boolean sameUser(String a, String b);

    boolean sameGroup(String a, String b);

    /** Jenkins' default strategy for both: case-insensitive. */
    IdMatcher CASE_INSENSITIVE = new IdMatcher() {
        @Override
        public boolean sameUser(String a, String b) {
            return a.trim().toLowerCase(Locale.ENGLISH).equals(b.trim().toLowerCase(Locale.ENGLISH));
        }

        @Override
        public boolean sameGroup(String a, String b) {
            return sameUser(a, b);
        }
    };
}
