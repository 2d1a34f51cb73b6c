package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

/**
 * Shim with working defaults: {@link #error(String)} prints {@code ERROR: <msg>} to the logger and returns a writer
 * onto it; {@link #hyperlink} prints the link text only (the console note that carries the URL is not written);
 * {@link #NULL} discards everything.
 */
public interface TaskListener extends SerializableOnlyOverRemoting {
    @NonNull
    PrintStream getLogger();

    default void hyperlink(String url, String text) throws IOException {
        getLogger().print(text);
    }

    @NonNull
    default PrintWriter error(String msg) {
        PrintStream out = getLogger();
        out.print("ERROR: ");
        out.println(msg);
        return new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    }

    TaskListener NULL = new TaskListener() {
        private static final long serialVersionUID = 1L;

        @Override
        public PrintStream getLogger() {
            return new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        }
    };
}
