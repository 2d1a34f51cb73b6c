package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServlet;

/** Shim: no HTTP request is ever being served, so the current request is always null (as outside a request thread). */
public class Stapler extends HttpServlet {
    private static final long serialVersionUID = 1L;

    public static StaplerRequest2 getCurrentRequest2() {
        return null;
    }
}
