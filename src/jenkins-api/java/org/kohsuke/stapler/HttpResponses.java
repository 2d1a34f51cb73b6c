package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/** Shim with working behaviour: each factory returns a response that drives the given StaplerResponse2 as Stapler does. */
public class HttpResponses {

    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {
        public HttpResponseException() {}

        public HttpResponseException(String message) {
            super(message);
        }

        public HttpResponseException(String message, Throwable cause) {
            super(message, cause);
        }

        public HttpResponseException(Throwable cause) {
            super(cause);
        }
    }

    public static HttpResponseException ok() {
        return status(HttpServletResponse.SC_OK);
    }

    public static HttpResponseException notFound() {
        return status(HttpServletResponse.SC_NOT_FOUND);
    }

    public static HttpResponseException forbidden() {
        return status(HttpServletResponse.SC_FORBIDDEN);
    }

    public static HttpResponseException status(final int code) {
        return new HttpResponseException() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
                    throws IOException, ServletException {
                rsp.setStatus(code);
            }
        };
    }

    public static HttpResponseException errorWithoutStack(final int code, final String errorMessage) {
        return new HttpResponseException() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
                    throws IOException, ServletException {
                rsp.sendError(code, errorMessage);
            }
        };
    }

    public static HttpRedirect redirectTo(String url) {
        return new HttpRedirect(url);
    }

    public static HttpResponse redirectToDot() {
        return HttpRedirect.DOT;
    }

    public static HttpResponse literalHtml(final String text) {
        return new HttpResponse() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
                    throws IOException, ServletException {
                write(rsp, "text/html;charset=UTF-8", text);
            }
        };
    }

    public static HttpResponse text(final String text) {
        return new HttpResponse() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
                    throws IOException, ServletException {
                write(rsp, "text/plain;charset=UTF-8", text);
            }
        };
    }

    private static void write(StaplerResponse2 rsp, String contentType, String body) throws IOException {
        rsp.setContentType(contentType);
        PrintWriter w = rsp.getWriter();
        w.print(body);
        w.flush();
    }
}
