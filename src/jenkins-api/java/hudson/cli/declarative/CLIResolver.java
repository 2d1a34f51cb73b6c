package hudson.cli.declarative;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

// Shim: the annotation-indexer meta-annotation @Indexed is omitted.
@Retention(RUNTIME)
@Target(METHOD)
@Documented
public @interface CLIResolver {
}
