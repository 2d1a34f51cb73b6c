package io.jenkins.plugins.registrygate.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * Registry-provided text (descriptions, metadata, model cards, comments) reaches the build pages only escaped,
 * and state changes are POST-only. Jelly cannot be rendered without Jenkins, so this checks what makes the
 * escaping hold: every view declares escape-by-default and none prints raw output.
 */
class ViewsEscapeTest {

    static List<Path> views() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("src/main/resources"))) {
            return s.filter(p -> p.toString().endsWith(".jelly")).toList();
        }
    }

    @Test
    void everyViewEscapesByDefault() throws IOException {
        List<Path> views = views();
        assertFalse(views.isEmpty());
        for (Path v : views) {
            String text = Files.readString(v);
            assertTrue(text.startsWith("<?jelly escape-by-default='true'?>"), v + " must start with escape-by-default");
        }
    }

    @Test
    void noViewPrintsUnescapedText() throws IOException {
        for (Path v : views()) {
            String text = Files.readString(v);
            for (String raw : List.of("<j:out", "escape=\"false\"", "rawHtml", "h.rawHtml", "<st:out")) {
                assertFalse(text.contains(raw), v + " prints raw output with " + raw);
            }
        }
    }

    @Test
    void theApprovalPagePromptShowsRegistryTextOnlyThroughExpressions() throws IOException {
        String page = Files.readString(Path.of("src/main/resources/io/jenkins/plugins/registrygate/actions/ApprovalPage/index.jelly"));

        for (String field : List.of("${s.description}", "${e.value}", "${s.modelCardPreview}", "${r.decision.get().summary()}")) {
            assertTrue(page.contains(field), field);
        }
    }

    @Test
    void approveAndRejectAcceptOnlyPost() throws NoSuchMethodException {
        for (String name : List.of("doApprove", "doReject")) {
            assertTrue(ApprovalPage.class.getMethod(name, org.kohsuke.stapler.StaplerRequest2.class).isAnnotationPresent(RequirePOST.class), name);
        }
        assertEquals(2, Stream.of(ApprovalPage.class.getMethods()).filter(m -> m.getName().startsWith("do")).count(),
                "no other web method changes state");
    }
}
