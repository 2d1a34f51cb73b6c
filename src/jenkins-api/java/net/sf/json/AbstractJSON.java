package net.sf.json;

import java.io.IOException;
import java.io.Writer;

// Shim: package-private as in json-lib; only the final write methods of JSON are declared here.
abstract class AbstractJSON implements JSON {
    private static final long serialVersionUID = 1L;

    @Override
    public final Writer write(Writer writer) throws IOException {
        writer.write(toString());
        return writer;
    }

    @Override
    public final Writer writeCanonical(Writer writer) throws IOException {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
