package io.jenkins.plugins.registrygate.triggers;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.model.Action;
import hudson.model.CauseAction;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.registrygate.events.TriggerLedger;
import io.jenkins.plugins.registrygate.events.TriggerTarget;
import io.jenkins.plugins.registrygate.events.TriggeredVersion;
import io.jenkins.plugins.registrygate.registry.AwsClients;
import io.jenkins.plugins.registrygate.registry.ConnectionSettings;
import io.jenkins.plugins.registrygate.registry.CredentialsLookup;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import jenkins.model.ParameterizedJobMixIn;
import org.springframework.security.core.Authentication;

/**
 * One job's {@code modelPackageApproved} trigger as the plugin's triggers see it. It reads the registry with the
 * trigger's connection (its parameters over the global defaults, under the administrator's rules) and the credentials
 * the job's builds could use: looked up in the job's context as the job's builds run ({@code Tasks.getAuthenticationOf2}),
 * so a trigger sees no credential its builds could not. It starts builds with the version's cause and environment.
 */
final class JobTarget implements TriggerTarget {

    /** How builds are queued: Jenkins' queue, or a test's stand-in. */
    interface Builds {
        boolean schedule(Job<?, ?> job, Action... actions);
    }

    /** Where credentials come from: the credentials plugin, or a test's stand-in. */
    interface Credentials {
        Optional<AmazonWebServicesCredentials> find(String id, Job<?, ?> job);
    }

    static final Builds JENKINS = (job, actions) -> ParameterizedJobMixIn.scheduleBuild2(job, 0, actions) != null;

    static final Credentials JOB_CREDENTIALS = (id, job) -> {
        Authentication as = job instanceof Queue.Task t ? Tasks.getAuthenticationOf2(t) : ACL.SYSTEM2;
        return Optional.ofNullable(CredentialsProvider.findCredentialByIdInItem(id, AmazonWebServicesCredentials.class, job, as, List.of()));
    };

    private final Job<?, ?> job;
    private final String group;
    private final String status;
    private final Supplier<ConnectionSettings> connection;
    private final AwsClients clients;
    private final TriggerLedger ledger;
    private final Builds builds;
    private final Credentials credentials;

    JobTarget(Job<?, ?> job, String group, String status, Supplier<ConnectionSettings> connection, AwsClients clients,
              TriggerLedger ledger, Builds builds, Credentials credentials) {
        this.job = job;
        this.group = group;
        this.status = status;
        this.connection = connection;
        this.clients = clients;
        this.ledger = ledger;
        this.builds = builds;
        this.credentials = credentials;
    }

    @Override
    public String name() {
        return job.getFullName();
    }

    @Override
    public String group() {
        return group;
    }

    @Override
    public String status() {
        return status;
    }

    @Override
    public ModelRegistry registry() {
        CredentialsLookup lookup = id -> credentials.find(id, job).map(c -> c);
        return new ModelRegistry(clients.clientFor(connection.get(), lookup));
    }

    @Override
    public TriggerLedger ledger() {
        return ledger;
    }

    /** Queued as Jenkins itself (as timer triggers run): the caller may be an anonymous HTTP request thread. */
    @Override
    @SuppressWarnings("try") // the context is what the try is for
    public boolean startBuild(TriggeredVersion version) {
        try (ACLContext ctx = ACL.as2(ACL.SYSTEM2)) {
            return builds.schedule(job, new CauseAction(new ModelPackageCause(version)), new ModelPackageAction(version));
        }
    }

    Job<?, ?> job() {
        return job;
    }
}
