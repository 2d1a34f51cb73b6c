package org.kohsuke.stapler;

import edu.umd.cs.findbugs.annotations.NonNull;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

public final class HttpRedirect extends RuntimeException implements HttpResponse {
    private final int statusCode;
    private final String url;

    public HttpRedirect(@NonNull String url) {
        this(HttpServletResponse.SC_MOVED_TEMPORARILY, url);
    }

    public HttpRedirect(int statusCode, @NonNull String url) {
        if (url == null) {
            throw new NullPointerException();
        }
        this.statusCode = statusCode;
        this.url = url;
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        rsp.sendRedirect(statusCode, url);
    }

    public static final HttpRedirect DOT = new HttpRedirect(".");
}
