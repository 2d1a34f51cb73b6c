package io.jenkins.plugins.registrygate.registry;

import java.util.regex.Pattern;

/**
 * The {@code user:password@} part of a URL, which may hold a credential: removed before a URL is stored (lineage) and
 * masked before one is shown (console, errors). Any scheme, any case, and a password that itself contains {@code @}:
 * everything up to the last {@code @} before the path is user information.
 */
public final class UrlUserInfo {

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    private UrlUserInfo() {}

    /** The URL without its user information. */
    public static String removed(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1");
    }

    /** The URL with its user information replaced by {@code ***}, so that a reader sees one was there. */
    public static String masked(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }
}
