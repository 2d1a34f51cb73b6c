package hudson.util;

import hudson.Util;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Shim with working behaviour for ok/warning/error: the message is HTML-escaped as in Jenkins and is the exception
 * message; {@link #renderHtml()} returns what Jenkins renders outside an HTTP request (the escaped message, or
 * {@code <div/>} for a bare {@link #ok()}); {@code toString()} is {@code KIND: message}.
 */
public abstract class FormValidation extends IOException implements HttpResponse {

    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    public final Kind kind;

    private FormValidation(Kind kind) {
        this.kind = kind;
    }

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    private static final FormValidation OK = new FormValidation(Kind.OK) {
        @Override
        public String renderHtml() {
            return "<div/>";
        }
    };

    public static FormValidation ok() {
        return OK;
    }

    public static FormValidation ok(String message) {
        return withMarkup(message == null ? null : Util.escape(message), Kind.OK);
    }

    public static FormValidation warning(String message) {
        return withMarkup(message == null ? null : Util.escape(message), Kind.WARNING);
    }

    public static FormValidation error(String message) {
        return withMarkup(message == null ? null : Util.escape(message), Kind.ERROR);
    }

    private static FormValidation withMarkup(final String markup, final Kind kind) {
        if (markup == null) {
            return ok();
        }
        return new FormValidation(kind, markup) {
            @Override
            public String renderHtml() {
                return markup;
            }

            @Override
            public String toString() {
                return kind + ": " + markup;
            }
        };
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }

    public abstract String renderHtml();
}
