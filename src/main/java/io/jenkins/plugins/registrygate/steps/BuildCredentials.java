package io.jenkins.plugins.registrygate.steps;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Run;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.RoleSessionName;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * AWS credentials as one build may use them: looked up as the build (the credentials plugin checks that the build
 * may use them), their use recorded against the build (the credential's fingerprint, "used by" in the credentials
 * UI, credentials-use listeners such as audit logs), and the build named as the STS role session.
 *
 * <p>A build asks for its client at every registry call (a wait lasts days); the use is recorded once per build and
 * credential, so the fingerprint is not rewritten at every poll.
 */
final class BuildCredentials implements CredentialsLookup {

    private static final Logger LOGGER = Logger.getLogger(BuildCredentials.class.getName());

    /** Where credentials come from and where their use goes: the credentials plugin, or a test's stand-in. */
    interface Store {
        AmazonWebServicesCredentials find(String credentialsId, Run<?, ?> run);

        void recordUse(Run<?, ?> run, AmazonWebServicesCredentials credentials);
    }

    static final Store JENKINS = new Store() {
        @Override
        public AmazonWebServicesCredentials find(String credentialsId, Run<?, ?> run) {
            return CredentialsProvider.findCredentialById(credentialsId, AmazonWebServicesCredentials.class, run, List.of());
        }

        @Override
        public void recordUse(Run<?, ?> run, AmazonWebServicesCredentials credentials) {
            CredentialsProvider.track(run, credentials);
        }
    };

    /** The credentials each build's use was recorded for, by identity; forgotten with the build object. */
    private static final Map<Run<?, ?>, Set<AmazonWebServicesCredentials>> RECORDED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private final Run<?, ?> run;
    private final Store store;
    private final Map<Run<?, ?>, Set<AmazonWebServicesCredentials>> recorded;

    BuildCredentials(Run<?, ?> run) {
        this(run, JENKINS, RECORDED);
    }

    BuildCredentials(Run<?, ?> run, Store store, Map<Run<?, ?>, Set<AmazonWebServicesCredentials>> recorded) {
        this.run = run;
        this.store = store;
        this.recorded = recorded;
    }

    @Override
    public Optional<AwsCredentialsProvider> find(String credentialsId) {
        AmazonWebServicesCredentials found = store.find(credentialsId, run);
        if (found != null && firstUse(found)) {
            try {
                store.recordUse(run, found);
            } catch (RuntimeException e) {
                // Recording is bookkeeping: the registry call goes ahead.
                LOGGER.log(Level.WARNING, "Could not record the use of credentials " + credentialsId + " by " + run, e);
            }
        }
        return Optional.ofNullable(found);
    }

    private boolean firstUse(AmazonWebServicesCredentials c) {
        synchronized (recorded) {
            return recorded.computeIfAbsent(run, r -> Collections.newSetFromMap(new IdentityHashMap<>())).add(c);
        }
    }

    @Override
    public Optional<String> roleSessionName() {
        return Optional.of(RoleSessionName.forBuild(run.getParent().getFullName(), run.getNumber()));
    }
}
