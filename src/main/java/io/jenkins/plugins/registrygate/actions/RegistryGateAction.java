package io.jenkins.plugins.registrygate.actions;

import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.registrygate.approvals.ApprovalWait;
import io.jenkins.plugins.registrygate.audit.ApprovalRecord;
import io.jenkins.plugins.registrygate.audit.DeploymentRecord;
import io.jenkins.plugins.registrygate.audit.RegistrationRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The build's record of what it did with the model registry: registrations and approvals (later: gates and
 * deployments). Persisted in build.xml so build history is the deployment audit; exported at
 * {@code <build>/registry-gate/api/json}; while a build waits, {@code <build>/registry-gate/approval/<id>/} is
 * the approval prompt.
 */
@ExportedBean
public class RegistryGateAction implements RunAction2 {

    private static final Logger LOGGER = Logger.getLogger(RegistryGateAction.class.getName());
    public static final String URL_NAME = "registry-gate";

    // Copy-on-write: Jenkins may write build.xml (iterating these) while a step adds a record.
    private volatile ArrayList<RegistrationRecord> registrations = new ArrayList<>();
    private volatile ArrayList<ApprovalRecord> approvals = new ArrayList<>();
    private volatile ArrayList<DeploymentRecord> deployments = new ArrayList<>();
    private transient Run<?, ?> run;
    /** Waits in progress, by record id; re-attached by the step execution after a restart. */
    private transient Map<String, ApprovalWait> live;

    /** The build's action, attached on first use. */
    public static synchronized RegistryGateAction of(Run<?, ?> run) {
        RegistryGateAction a = run.getAction(RegistryGateAction.class);
        if (a == null) {
            a = new RegistryGateAction();
            run.addAction(a);
        }
        return a;
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return "Model Registry Gate";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** A build.xml written without one of the lists reads back with it empty. */
    protected Object readResolve() {
        if (registrations == null) {
            registrations = new ArrayList<>();
        }
        if (approvals == null) {
            approvals = new ArrayList<>();
        }
        if (deployments == null) {
            deployments = new ArrayList<>();
        }
        return this;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** {@code <build>/registry-gate/api/json}: the registrations and approvals for scripts and auditors. */
    public Api getApi() {
        return new Api(this);
    }

    public synchronized List<RegistrationRecord> registrationRecords() {
        return List.copyOf(registrations);
    }

    /** Registrations as plain maps for the REST API. */
    @Exported(name = "registrations")
    public synchronized List<Map<String, Object>> getRegistrations() {
        return registrations.stream().map(r -> Map.<String, Object>of(
                "modelPackageArn", r.getModelPackageArn(),
                "modelPackageGroup", r.getModelPackageGroup(),
                "modelPackageVersion", r.getVersion(),
                "approvalStatus", r.getApprovalStatus(),
                "groupCreated", r.isGroupCreated(),
                "registeredBy", r.getRegisteredBy(),
                "at", r.getAt().toString(),
                "lineage", r.getLineage())).toList();
    }

    /** Approvals (waiting and decided) as plain maps for the REST API. */
    @Exported(name = "approvals")
    public synchronized List<Map<String, Object>> getApprovals() {
        return approvals.stream().map(ApprovalRecord::toExportMap).toList();
    }

    public synchronized List<ApprovalRecord> approvalRecords() {
        return List.copyOf(approvals);
    }

    public synchronized void addRegistration(RegistrationRecord record) {
        // A resumed step may report the same version twice; the record is kept once.
        if (registrations.stream().noneMatch(r -> r.getModelPackageArn().equals(record.getModelPackageArn())
                && r.getClientToken().equals(record.getClientToken()))) {
            ArrayList<RegistrationRecord> next = new ArrayList<>(registrations);
            next.add(record);
            registrations = next;
        }
        save();
    }

    /** Adds the record for a new wait, or returns the one already there (a resumed step). */
    public synchronized ApprovalRecord approvalRecord(ApprovalRecord fresh) {
        for (ApprovalRecord r : approvals) {
            if (r.getId().equals(fresh.getId())) {
                return r;
            }
        }
        ArrayList<ApprovalRecord> next = new ArrayList<>(approvals);
        next.add(fresh);
        approvals = next;
        save();
        return fresh;
    }

    public synchronized Optional<ApprovalRecord> findApproval(String id) {
        return approvals.stream().filter(r -> r.getId().equals(id)).findFirst();
    }

    /** The next free approval id in this build: a-1, a-2, … (URL-safe by construction). */
    public synchronized String nextApprovalId() {
        return "a-" + (approvals.size() + 1);
    }

    public synchronized void attach(String id, ApprovalWait wait) {
        if (live == null) {
            live = new ConcurrentHashMap<>();
        }
        live.put(id, wait);
    }

    public synchronized void detach(String id) {
        if (live != null) {
            live.remove(id);
        }
    }

    public synchronized Optional<ApprovalWait> liveWait(String id) {
        return live == null ? Optional.empty() : Optional.ofNullable(live.get(id));
    }

    /** URL {@code approval/<id>}: the prompt and its POST endpoints. */
    public ApprovalPage getApproval(String id) {
        return findApproval(id).map(r -> new ApprovalPage(this, r)).orElse(null);
    }

    /** Deployments (running and ended) as plain maps for the REST API. */
    @Exported(name = "deployments")
    public synchronized List<Map<String, Object>> getDeployments() {
        return deployments.stream().map(DeploymentRecord::toMap).toList();
    }

    public synchronized List<DeploymentRecord> deploymentRecords() {
        return List.copyOf(deployments);
    }

    /** The next free deployment id in this build: d-1, d-2, … */
    public synchronized String nextDeploymentId() {
        return "d-" + (deployments.size() + 1);
    }

    /** Records a deployment's latest state, replacing the earlier snapshot of the same deployment; saves the build. */
    public void deployment(DeploymentRecord record) {
        synchronized (this) {
            ArrayList<DeploymentRecord> next = new ArrayList<>(deployments);
            int at = -1;
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i).getId().equals(record.getId())) {
                    at = i;
                }
            }
            if (at < 0) {
                next.add(record);
            } else if (next.get(at).getEndedAt().isPresent() && record.getEndedAt().isEmpty()) {
                return; // a late update from before the end never reopens an ended deployment's record
            } else {
                next.set(at, record);
            }
            deployments = next;
        }
        save();
    }

    /** Persists the build; failures are logged, not thrown, because the registry already holds the truth. */
    public void save() {
        if (run != null) {
            try {
                run.save();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "could not save " + run, e);
            }
        }
    }
}
