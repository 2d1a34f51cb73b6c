package org.kohsuke.stapler;

import edu.umd.cs.findbugs.annotations.NonNull;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

// Shim: only the members the plugin uses (and HttpRedirect needs) are declared.
public interface StaplerResponse2 extends HttpServletResponse {
    void forward(Object it, String url, StaplerRequest2 request) throws ServletException, IOException;

    void sendRedirect2(@NonNull String url) throws IOException;

    void sendRedirect(int statusCore, @NonNull String url) throws IOException;
}
