package net.sf.json;

import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;

public interface JSON extends Serializable {
    boolean isArray();

    boolean isEmpty();

    int size();

    String toString(int indentFactor);

    String toString(int indentFactor, int indent);

    Writer write(Writer writer) throws IOException;

    Writer writeCanonical(Writer w) throws IOException;
}
