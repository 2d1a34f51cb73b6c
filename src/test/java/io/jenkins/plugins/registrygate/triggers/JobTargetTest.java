package io.jenkins.plugins.registrygate.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.thoughtworks.xstream.XStream;
import hudson.EnvVars;
import hudson.model.Action;
import hudson.model.CauseAction;
import hudson.model.Job;
import hudson.security.ACL;
import io.jenkins.plugins.registrygate.emulator.EmulatorClients;
import io.jenkins.plugins.registrygate.events.TriggerLedger;
import io.jenkins.plugins.registrygate.events.TriggeredVersion;
import io.jenkins.plugins.registrygate.registration.ModelRegistration;
import io.jenkins.plugins.registrygate.registration.RegistrationRequest;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.testing.RegistryFixture;
import io.jenkins.plugins.registrygate.testing.TestJob;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.Authentication;

/** A job's trigger in Jenkins: how it reads the registry and what a build it starts gets. */
class JobTargetTest {

    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-model/7";
    static final TriggeredVersion V7 = new TriggeredVersion(ARN, "churn-model", 7, "Approved", "e-1");

    final RegistryFixture fx = new RegistryFixture();
    final TestJob job = new TestJob("deploy-churn");
    final List<List<Action>> queued = new ArrayList<>();
    final List<Authentication> queuedAs = new ArrayList<>();
    final List<String> lookedUp = new ArrayList<>();

    final JobTarget.Builds builds = (j, actions) -> {
        queued.add(List.of(actions));
        queuedAs.add(Jenkins.getAuthentication2());
        return true;
    };

    final JobTarget.Credentials credentials = (id, j) -> {
        lookedUp.add(id + " for " + j.getFullName());
        return Optional.of(credential(id));
    };

    JobTarget target() {
        return new JobTarget(job, "churn-model", "Approved", fx::settings, fx.clients, TriggerLedger.inMemory(fx.clock),
                builds, credentials);
    }

    static AmazonWebServicesCredentials credential(String id) {
        var keys = software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(EmulatorClients.ACCESS_KEY_ID,
                EmulatorClients.SECRET_ACCESS_KEY);
        return (AmazonWebServicesCredentials) Proxy.newProxyInstance(JobTargetTest.class.getClassLoader(),
                new Class<?>[] {AmazonWebServicesCredentials.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "resolveCredentials", "resolveIdentity" -> method.getName().equals("resolveIdentity")
                            ? java.util.concurrent.CompletableFuture.completedFuture(keys) : keys;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "credential " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aBuildIsQueuedWithTheVersionsCauseAndEnvironment() throws Exception {
        assertTrue(target().startBuild(V7));

        List<Action> actions = queued.get(0);
        ModelPackageCause cause = (ModelPackageCause) ((CauseAction) actions.get(0)).getCauses().get(0);
        assertEquals(ARN, cause.getModelPackageArn());
        assertEquals("Started by model package churn-model/7 reaching Approved in the SageMaker Model Registry ("
                + ARN + ", registry event e-1)", cause.getShortDescription());
        EnvVars env = new EnvVars();
        ((ModelPackageAction) actions.get(1)).buildEnvironment(new io.jenkins.plugins.registrygate.testing.TestRun(
                new TestJob("x"), 1, ""), env);
        assertEquals(ARN, env.get("MODEL_PACKAGE_ARN"));
        assertEquals("churn-model", env.get("MODEL_PACKAGE_GROUP"));
        assertEquals("7", env.get("MODEL_PACKAGE_VERSION"));
        assertEquals("Approved", env.get("MODEL_APPROVAL_STATUS"));
        assertEquals("e-1", env.get("MODEL_REGISTRY_EVENT_ID"));
    }

    @Test
    void aBuildIsQueuedAsJenkinsWhoeverDeliveredTheEvent() {
        target().startBuild(V7);

        assertSame(ACL.SYSTEM2, queuedAs.get(0));
    }

    @Test
    void theRegistryIsReadWithTheCredentialsTheJobsBuildsMayUse() {
        RegistrationRequest r = RegistrationRequest.builder("churn-model", RegistryFixture.IMAGE).build();
        ModelPackageRef ref = new ModelRegistration(fx.registry()).register(ModelRegistration.prepare(r, Map.of(), "b#1", "")).ref();

        assertEquals(ref.arn(), target().registry().describe(ref.arn()).ref().arn());
        assertEquals(List.of(RegistryFixture.CREDENTIALS_ID + " for deploy-churn"), lookedUp);
    }

    @Test
    void buildsForDifferentVersionsAreKeptApartInTheQueue() {
        ModelPackageAction v7 = new ModelPackageAction(V7);
        ModelPackageAction v8 = new ModelPackageAction(new TriggeredVersion(ARN.replace("/7", "/8"), "churn-model", 8, "Approved", "e-2"));

        assertTrue(v8.shouldSchedule(List.of(v7)), "a second build for another version");
        assertTrue(v7.shouldSchedule(List.of(new CauseAction(new hudson.model.Cause.UserIdCause("alice")))),
                "not folded into a build someone started by hand");
    }

    @Test
    void aSecondRequestForTheSameVersionIsFoldedIntoTheQueuedOne() {
        ModelPackageAction first = new ModelPackageAction(V7);
        ModelPackageAction again = new ModelPackageAction(new TriggeredVersion(ARN, "churn-model", 7, "Approved", "e-2"));

        assertFalse(again.shouldSchedule(List.of(first)));
    }

    @Test
    void theCauseAndTheVersionSurviveBuildXml() {
        XStream x = new XStream();
        x.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrygate.**"});

        ModelPackageCause cause = (ModelPackageCause) x.fromXML(x.toXML(new ModelPackageCause(V7)));
        ModelPackageAction action = (ModelPackageAction) x.fromXML(x.toXML(new ModelPackageAction(V7)));

        assertEquals(new ModelPackageCause(V7), cause);
        assertEquals("e-1", cause.getEventId());
        assertEquals(ARN, action.getModelPackageArn());
        assertEquals(7, action.getModelPackageVersion());
    }

    @Test
    void theJobsFullNameNamesTheTarget() {
        Job<?, ?> j = target().job();

        assertEquals("deploy-churn", target().name());
        assertSame(job, j);
    }
}
