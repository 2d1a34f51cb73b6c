package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import net.sf.json.JSONObject;

// Shim: only the members the plugin uses are declared.
public interface StaplerRequest2 extends HttpServletRequest {
    String getRestOfPath();

    boolean hasParameter(String name);

    JSONObject getSubmittedForm() throws ServletException;
}
