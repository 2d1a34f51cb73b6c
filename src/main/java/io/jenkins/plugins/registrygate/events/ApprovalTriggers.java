package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.registry.ModelPackageDetails;
import io.jenkins.plugins.registrygate.registry.ModelPackageRef;
import io.jenkins.plugins.registrygate.registry.ModelRegistry;
import io.jenkins.plugins.registrygate.registry.RegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;

/**
 * The jobs' {@code modelPackageApproved} triggers, and what an event about a model package does to them. An event
 * decides nothing: for each trigger of the package's group, Jenkins reads the version with the trigger's own
 * connection ({@code DescribeModelPackage}, once per burst of events for it) and starts a build only if
 * <ul>
 *   <li>the registry shows the version in the trigger's status now (an event for a version that has moved on since
 *       starts nothing: a late or reordered delivery is harmless);</li>
 *   <li>the trigger's ledger has no build for that version and status yet (duplicate deliveries, SageMaker's several
 *       events per change, SQS redeliveries and restarts start one build);</li>
 *   <li>the version was not already in that status when the trigger was armed (its baseline): an old version whose
 *       metadata changes gets a new event but is not built again.</li>
 * </ul>
 * The check, the start and the ledger entry happen under the ledger's lock. The future {@link #offer} returns
 * completes when every matching trigger has handled the event, and fails when one could not read the registry for a
 * reason that may pass (throttling, a server error, no answer), so that the event's sender (EventBridge, or SQS)
 * delivers it again; a version that does not exist or a trigger without usable credentials is logged, not retried.
 */
public final class ApprovalTriggers {

    private static final Logger LOGGER = Logger.getLogger(ApprovalTriggers.class.getName());

    /** What one trigger did with one event. */
    public enum Outcome {
        /** A build was queued. */
        STARTED,
        /** A build was started for this version and status before. */
        ALREADY_STARTED,
        /** The version was in that status before the trigger was armed. */
        IN_BASELINE,
        /** The registry shows the version in another status (or another group) now. */
        NOT_IN_STATUS,
        /** Jenkins did not take the build (the job is disabled). */
        REFUSED_BY_JENKINS,
        /**
         * The version cannot be read and retrying cannot change that (it does not exist, access is denied, the
         * trigger's credentials or connection are not usable): logged, and the event is not delivered again for it.
         */
        CANNOT_READ
    }

    private final ScheduledExecutorService timers;
    private final Executor io;
    private final Duration coalesce;
    private final List<TriggerTarget> targets = new CopyOnWriteArrayList<>();
    /** Reads scheduled and not started, per trigger and package: later events of the burst join them. */
    private final Map<Key, CompletableFuture<Outcome>> pending = new HashMap<>();

    private record Key(TriggerTarget target, String packageArn) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.target == target && k.packageArn.equals(packageArn);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(target) * 31 + packageArn.hashCode();
        }
    }

    /**
     * @param coalesce how long a read waits for more events about the same version (the watcher's wake window)
     */
    public ApprovalTriggers(ScheduledExecutorService timers, Executor io, Duration coalesce) {
        this.timers = timers;
        this.io = io;
        this.coalesce = coalesce;
    }

    /**
     * A trigger started (its job was loaded or configured). It is armed for its group and status if it never was, and
     * the versions already in that status are recorded as its baseline, in the background.
     */
    public void register(TriggerTarget target) {
        targets.add(target);
        target.ledger().arm(target.group(), target.status());
        io.execute(() -> {
            try {
                ensureBaseline(target, Optional.empty());
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "Could not record the baseline of " + target.name() + " yet; at its first event", e);
            }
        });
    }

    /** The trigger stopped (its job was reconfigured or deleted). */
    public void unregister(TriggerTarget target) {
        targets.removeIf(t -> t == target);
    }

    public List<TriggerTarget> targets() {
        return List.copyOf(targets);
    }

    /**
     * Hands the event's package to the triggers of its group.
     *
     * @return completes when they have all handled it; fails when one of them could not read the registry
     */
    public CompletableFuture<Void> offer(RegistryEvent event) {
        List<CompletableFuture<Outcome>> handled = new ArrayList<>();
        for (ModelPackageRef ref : event.packages()) {
            for (TriggerTarget t : targets) {
                if (t.group().equalsIgnoreCase(ref.group())) {
                    handled.add(schedule(t, ref, event.id()));
                }
            }
        }
        return CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new));
    }

    private synchronized CompletableFuture<Outcome> schedule(TriggerTarget t, ModelPackageRef ref, String eventId) {
        Key key = new Key(t, ref.arn().toLowerCase(Locale.ROOT));
        CompletableFuture<Outcome> p = pending.get(key);
        if (p != null) {
            return p;
        }
        CompletableFuture<Outcome> fresh = new CompletableFuture<>();
        pending.put(key, fresh);
        timers.schedule(() -> io.execute(() -> {
            synchronized (this) {
                pending.remove(key, fresh);
            }
            try {
                fresh.complete(handle(t, ref.arn(), eventId));
            } catch (RegistryException e) {
                if (e.isTransient()) {
                    LOGGER.log(Level.WARNING, "Trigger of " + t.name() + " could not read " + ref.arn() + "; the event will be"
                            + " delivered again: " + e.getMessage());
                    fresh.completeExceptionally(e);
                } else {
                    // Redelivering the event cannot help: a version that does not exist, a trigger without usable
                    // credentials. Other triggers of the group go on.
                    LOGGER.log(Level.WARNING, "Trigger of " + t.name() + " cannot read " + ref.arn() + "; no build: " + e.getMessage());
                    fresh.complete(Outcome.CANNOT_READ);
                }
            } catch (IllegalArgumentException e) {
                LOGGER.log(Level.WARNING, "Trigger of " + t.name() + " is misconfigured; no build for " + ref.arn() + ": " + e.getMessage());
                fresh.complete(Outcome.CANNOT_READ);
            } catch (RuntimeException | LinkageError e) {
                LOGGER.log(Level.WARNING, "Trigger of " + t.name() + " could not read " + ref.arn() + "; the event will be"
                        + " delivered again", e);
                fresh.completeExceptionally(e);
            }
        }), coalesce.toMillis(), TimeUnit.MILLISECONDS);
        return fresh;
    }

    /** Reads the version with the trigger's connection and starts a build if it reached the trigger's status. */
    Outcome handle(TriggerTarget t, String packageArn, String eventId) {
        ModelRegistry registry = t.registry();
        ModelPackageDetails d = registry.describe(packageArn);
        ModelPackageRef now = d.ref();
        if (!now.approvalStatus().equalsIgnoreCase(t.status()) || !now.group().equalsIgnoreCase(t.group())) {
            LOGGER.fine(() -> t.name() + ": " + packageArn + " is " + now.approvalStatus() + " now; no build");
            return Outcome.NOT_IN_STATUS;
        }
        ensureBaseline(t, Optional.of(d));
        TriggerLedger ledger = t.ledger();
        synchronized (ledger) {
            Optional<String> entry = ledger.entry(now.arn(), t.status());
            if (entry.isPresent()) {
                return entry.get().equals("baseline") ? Outcome.IN_BASELINE : Outcome.ALREADY_STARTED;
            }
            TriggeredVersion v = new TriggeredVersion(now.arn(), now.group(), now.version(), now.approvalStatus(), eventId);
            if (!t.startBuild(v)) {
                LOGGER.info(() -> t.name() + ": Jenkins did not take a build for " + now.arn());
                return Outcome.REFUSED_BY_JENKINS;
            }
            ledger.record(now.arn(), t.status(), eventId);
            LOGGER.info(() -> t.name() + ": started for " + now.arn() + " (" + now.approvalStatus() + ", event " + eventId + ")");
            return Outcome.STARTED;
        }
    }

    /**
     * Records the versions already in the trigger's status, once per group and status. When this happens at an event
     * (the background attempt at arming failed), the event's own version is left out if it changed after the trigger
     * was armed: that change may be the one that put it in the status.
     */
    private void ensureBaseline(TriggerTarget t, Optional<ModelPackageDetails> event) {
        TriggerLedger ledger = t.ledger();
        if (ledger.hasBaseline(t.group(), t.status())) {
            return;
        }
        List<ModelPackageRef> inStatus = t.registry().listWithStatus(t.group(), ModelApprovalStatus.fromValue(t.status()),
                Optional.empty());
        synchronized (ledger) {
            if (ledger.hasBaseline(t.group(), t.status())) {
                return;
            }
            Instant armed = ledger.arm(t.group(), t.status());
            Set<String> baseline = new LinkedHashSet<>();
            for (ModelPackageRef r : inStatus) {
                boolean changedSinceArmed = event.isPresent() && r.arn().equalsIgnoreCase(event.get().ref().arn())
                        && !event.get().lastModifiedTime().orElse(event.get().creationTime()).isBefore(armed);
                if (!changedSinceArmed) {
                    baseline.add(r.arn());
                }
            }
            ledger.baseline(t.group(), t.status(), baseline);
        }
    }
}
