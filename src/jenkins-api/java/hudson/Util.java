package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.nio.charset.StandardCharsets;

/** Shim: the declared helpers are pure functions and behave as in Jenkins. */
public class Util {

    /** Characters that {@link #rawEncode} leaves alone (RFC 1738 safe characters minus {@code /;:?} etc.). */
    private static final String RAW_SAFE =
            "!$&'()*+,-.0123456789=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    @NonNull
    public static String rawEncode(@NonNull String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            boolean safe = cp < 128 && RAW_SAFE.indexOf(cp) >= 0;
            if (safe) {
                if (out != null) {
                    out.appendCodePoint(cp);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16);
                    out.append(s, 0, i);
                }
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
            i += len;
        }
        return out == null ? s : out.toString();
    }

    @Nullable
    public static String escape(@CheckForNull String text) {
        if (text == null) {
            return null;
        }
        StringBuilder buf = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\n': buf.append("<br>"); break;
                case '<': buf.append("&lt;"); break;
                case '>': buf.append("&gt;"); break;
                case '&': buf.append("&amp;"); break;
                case '"': buf.append("&quot;"); break;
                case '\'': buf.append("&#039;"); break;
                case ' ':
                    // a run of spaces keeps its width: all but the last become &nbsp;
                    boolean nextIsSpace = i + 1 < text.length() && text.charAt(i + 1) == ' ';
                    buf.append(nextIsSpace ? "&nbsp;" : " ");
                    break;
                default: buf.append(ch);
            }
        }
        return buf.toString();
    }

    @CheckForNull
    public static String fixEmpty(@CheckForNull String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @CheckForNull
    public static String fixEmptyAndTrim(@CheckForNull String s) {
        return s == null ? null : fixEmpty(s.trim());
    }
}
