package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import java.io.IOException;

// Shim: the deprecated javax.servlet flavour (StaplerRequest/StaplerResponse) is not declared.
public interface HttpResponse {
    /** As in Stapler, an implementation must override this; the default fails. */
    default void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node)
            throws IOException, ServletException {
        throw new AbstractMethodError("The class " + getClass().getName()
                + " must override HttpResponse.generateResponse(StaplerRequest2, StaplerResponse2, Object)");
    }
}
