package hudson.init;

import static hudson.init.TermMilestone.COMPLETED;
import static hudson.init.TermMilestone.STARTED;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

// Shim: the annotation-indexer meta-annotation @Indexed is omitted.
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface Terminator {
    TermMilestone after() default STARTED;

    TermMilestone before() default COMPLETED;

    String[] requires() default {};

    String[] attains() default {};

    String displayName() default "";
}
