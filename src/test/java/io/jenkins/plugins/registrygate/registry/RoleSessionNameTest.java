package io.jenkins.plugins.registrygate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Session names name the build within STS's rules: 2 to 64 characters of {@code [\w+=,.@-]}. */
class RoleSessionNameTest {

    static final Pattern STS_RULE = Pattern.compile("[\\w+=,.@-]{2,64}");

    @Test
    void theSessionNamesTheJobAndTheBuildNumber() {
        assertEquals("ml.churn-training-42", RoleSessionName.forBuild("ml/churn-training", 42));
    }

    @Test
    void charactersStsDoesNotAllowBecomeUnderscores() {
        assertEquals("team_a.mod_le__v2_-7", RoleSessionName.forBuild("team a/modèle (v2)", 7));
    }

    @Test
    void aLongNameKeepsTheBuildNumberAndTheEndOfTheJobsName() {
        String job = "platform/" + "very-long-folder-name/".repeat(5) + "churn-model-training";

        String name = RoleSessionName.forBuild(job, 123456);

        assertEquals(64, name.length());
        assertTrue(name.endsWith(".churn-model-training-123456"), name);
    }

    @Test
    void anEmptyJobNameStillGivesAValidName() {
        assertEquals("build-1", RoleSessionName.forBuild("", 1));
    }

    @Test
    void everyNameFollowsStsRules() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            StringBuilder job = new StringBuilder();
            int length = random.nextInt(120);
            for (int c = 0; c < length; c++) {
                job.appendCodePoint(random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x5f) : random.nextInt(0x2FFFF));
            }
            String name = RoleSessionName.forBuild(job.toString(), random.nextInt(Integer.MAX_VALUE));
            assertTrue(STS_RULE.matcher(name).matches(), name);
        }
        assertTrue(STS_RULE.matcher(RoleSessionName.PLUGIN).matches());
    }
}
