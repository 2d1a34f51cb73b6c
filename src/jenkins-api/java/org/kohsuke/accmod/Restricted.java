package org.kohsuke.accmod;

import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;

// Shim: the annotation-indexer meta-annotation @Indexed is omitted. No checker enforces it in this build.
@Retention(RUNTIME)
@Documented
public @interface Restricted {
    Class<? extends AccessRestriction>[] value();
}
