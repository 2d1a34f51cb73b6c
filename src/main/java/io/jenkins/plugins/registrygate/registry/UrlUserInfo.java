package io.jenkins.plugins.registrygate.registry;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code user:password@} part of a URL, which may hold a credential: removed before a URL is stored (lineage) and
 * masked before one is shown (console, errors). Any scheme, any case, and a password that itself contains {@code @}:
 * everything up to the last {@code @} before the path is user information.
 */
public final class UrlUserInfo {

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@");

    private UrlUserInfo() {}

    /**
     * The URL without what may be a credential: all user information of an {@code http(s)} URL (where a token often
     * stands alone, {@code https://ghp_…@github.com}); only the password of any other ({@code ssh://git@host/…} keeps
     * its user, which is no secret and which the URL needs to work).
     */
    public static String removed(String url) {
        Matcher m = USER_INFO.matcher(url);
        if (!m.find()) {
            return url;
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (scheme.equals("http://") || scheme.equals("https://")) {
            return m.group(1) + url.substring(m.end());
        }
        String userInfo = url.substring(m.group(1).length(), m.end() - 1);
        int colon = userInfo.indexOf(':');
        return colon < 0 ? url : m.group(1) + userInfo.substring(0, colon) + "@" + url.substring(m.end());
    }

    /** The URL with its user information replaced by {@code ***}, so that a reader sees one was there. */
    public static String masked(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }
}
