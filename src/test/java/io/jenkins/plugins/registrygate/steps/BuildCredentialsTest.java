package io.jenkins.plugins.registrygate.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import hudson.model.Run;
import io.jenkins.plugins.registrygate.testing.TestJob;
import io.jenkins.plugins.registrygate.testing.TestRun;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Credentials as a build uses them: found as the build, their use recorded once per build, the build named for STS. */
class BuildCredentialsTest {

    final AmazonWebServicesCredentials awsMl = credential("aws-ml");
    final List<String> recorded = new ArrayList<>();
    final Map<Run<?, ?>, Set<AmazonWebServicesCredentials>> seen = new HashMap<>();
    final BuildCredentials.Store store = new BuildCredentials.Store() {
        @Override
        public AmazonWebServicesCredentials find(String credentialsId, Run<?, ?> run) {
            return "aws-ml".equals(credentialsId) ? awsMl : null;
        }

        @Override
        public void recordUse(Run<?, ?> run, AmazonWebServicesCredentials credentials) {
            recorded.add(run.getExternalizableId() + " used " + credentials.getId());
        }
    };
    final TestJob job = new TestJob("churn");

    static AmazonWebServicesCredentials credential(String id) {
        return (AmazonWebServicesCredentials) Proxy.newProxyInstance(BuildCredentialsTest.class.getClassLoader(),
                new Class<?>[] {AmazonWebServicesCredentials.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "credential " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    BuildCredentials of(TestRun run) {
        return new BuildCredentials(run, store, seen);
    }

    @Test
    void theCredentialIsTheOneTheStoreGivesTheBuild() throws Exception {
        assertSame(awsMl, of(new TestRun(job, 42, "")).find("aws-ml").orElseThrow());
    }

    @Test
    void itsUseIsRecordedForTheBuildOnceHoweverOftenTheBuildAsks() throws Exception {
        TestRun run = new TestRun(job, 42, "");

        for (int i = 0; i < 5; i++) {
            of(run).find("aws-ml");
        }

        assertEquals(List.of(run.getExternalizableId() + " used aws-ml"), recorded);
    }

    @Test
    void eachBuildRecordsItsOwnUse() throws Exception {
        TestRun first = new TestRun(job, 42, "");
        TestRun second = new TestRun(job, 43, "");

        of(first).find("aws-ml");
        of(second).find("aws-ml");

        assertEquals(List.of(first.getExternalizableId() + " used aws-ml", second.getExternalizableId() + " used aws-ml"), recorded);
    }

    @Test
    void aCredentialTheBuildCannotSeeIsNeitherReturnedNorRecorded() throws Exception {
        assertEquals(Optional.empty(), of(new TestRun(job, 42, "")).find("someone-elses"));
        assertEquals(List.of(), recorded);
    }

    @Test
    void aFailureToRecordDoesNotStopTheCall() throws Exception {
        BuildCredentials.Store failing = new BuildCredentials.Store() {
            @Override
            public AmazonWebServicesCredentials find(String credentialsId, Run<?, ?> run) {
                return awsMl;
            }

            @Override
            public void recordUse(Run<?, ?> run, AmazonWebServicesCredentials credentials) {
                throw new IllegalStateException("fingerprint storage unavailable");
            }
        };

        assertSame(awsMl, new BuildCredentials(new TestRun(job, 42, ""), failing, seen).find("aws-ml").orElseThrow());
    }

    @Test
    void theBuildNamesItsRoleSession() throws Exception {
        assertEquals(Optional.of("churn-42"), of(new TestRun(job, 42, "")).roleSessionName());
    }

    @Test
    void stepsLookCredentialsUpThisWay() throws Exception {
        assertEquals(BuildCredentials.class, RegistryStep.credentialsFor(new TestRun(job, 42, "")).getClass());
    }
}
