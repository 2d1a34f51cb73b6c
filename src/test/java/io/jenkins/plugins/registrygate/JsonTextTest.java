package io.jenkins.plugins.registrygate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refusals answered to scripts are valid JSON and inert, whatever text they carry. */
class JsonTextTest {

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertEquals("{\"message\":\"say \\\"no\\\"\\\\\\n\\u0007\"}", JsonText.object(Map.of("message", "say \"no\"\\\n\u0007")));
    }

    @Test
    void markupIsEscapedSoABrowserNeverRendersIt() {
        assertEquals("\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"", JsonText.quote("<script>alert(1)</script>"));
        assertEquals("\"a \\u0026 b\"", JsonText.quote("a & b"));
    }
}
