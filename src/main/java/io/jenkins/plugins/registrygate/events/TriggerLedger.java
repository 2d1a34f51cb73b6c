package io.jenkins.plugins.registrygate.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What one job's trigger has done, kept next to the job ({@code model-registry-gate-trigger.txt} in its directory) so
 * that it survives restarts and redeliveries:
 * <ul>
 *   <li>for each group and status it watches, when it was first armed, and whether the versions that were already in
 *       that status then have been recorded (the baseline): those never start a build, so that an old approved version
 *       whose metadata someone edits, which makes SageMaker send a new event, is not deployed again;</li>
 *   <li>each version (ARN and status) it started a build for, or found in the baseline: a version reaching a status
 *       starts one build per job, however many events say so.</li>
 * </ul>
 * The newest {@link #MAX_VERSIONS} versions are kept. Callers synchronize on the ledger around check-and-record.
 * The file is rewritten atomically on each change; a failure to write it is logged, and the ledger goes on in memory.
 */
public final class TriggerLedger {

    private static final Logger LOGGER = Logger.getLogger(TriggerLedger.class.getName());
    public static final String FILE_NAME = "model-registry-gate-trigger.txt";
    static final int MAX_VERSIONS = 10_000;

    private final Optional<Path> file;
    private final Clock clock;
    private final Map<String, Instant> armed = new LinkedHashMap<>();
    private final Set<String> baselined = new LinkedHashSet<>();
    /** {@code arn|status} (lower-cased) to how it got here: an event id, or {@code baseline}. */
    private final LinkedHashMap<String, String> versions = new LinkedHashMap<>();

    private TriggerLedger(Optional<Path> file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** A ledger that is not persisted (tests, and jobs that have no directory). */
    public static TriggerLedger inMemory(Clock clock) {
        return new TriggerLedger(Optional.empty(), clock);
    }

    /** The ledger kept in {@code file} (none yet: an empty one). */
    public static TriggerLedger load(Path file, Clock clock) {
        TriggerLedger l = new TriggerLedger(Optional.of(file), clock);
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    l.read(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the trigger ledger " + file, e);
            }
        }
        return l;
    }

    private void read(String line) {
        String[] f = line.split("\t");
        switch (f[0]) {
            case "armed" -> {
                if (f.length == 3) {
                    armed.put(f[1], Instant.ofEpochMilli(Long.parseLong(f[2])));
                }
            }
            case "baseline" -> {
                if (f.length == 2) {
                    baselined.add(f[1]);
                }
            }
            case "version" -> {
                if (f.length == 3) {
                    versions.put(f[1], f[2]);
                }
            }
            default -> LOGGER.fine(() -> "ignoring a line of the trigger ledger: " + f[0]);
        }
    }

    /** When the trigger was first armed for this group and status; now, recorded, if it never was. */
    public synchronized Instant arm(String group, String status) {
        String k = key(group, status);
        Instant at = armed.get(k);
        if (at == null) {
            at = clock.instant();
            armed.put(k, at);
            save();
        }
        return at;
    }

    public synchronized boolean hasBaseline(String group, String status) {
        return baselined.contains(key(group, status));
    }

    /** The versions that were in {@code status} when the trigger was armed: they never start a build. */
    public synchronized void baseline(String group, String status, Collection<String> packageArns) {
        for (String arn : packageArns) {
            versions.putIfAbsent(key(arn, status), "baseline");
        }
        baselined.add(key(group, status));
        trim();
        save();
    }

    /** Whether this version reaching this status started a build already (or was in the baseline). */
    public synchronized boolean contains(String packageArn, String status) {
        return versions.containsKey(key(packageArn, status));
    }

    /** A build was started for this version reaching this status, on event {@code eventId}. */
    public synchronized void record(String packageArn, String status, String eventId) {
        versions.put(key(packageArn, status), eventId);
        trim();
        save();
    }

    /** How the version got into the ledger (an event id, or {@code baseline}). */
    public synchronized Optional<String> entry(String packageArn, String status) {
        return Optional.ofNullable(versions.get(key(packageArn, status)));
    }

    private void trim() {
        for (Iterator<String> it = versions.keySet().iterator(); versions.size() > MAX_VERSIONS && it.hasNext(); ) {
            it.next();
            it.remove();
        }
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        Path f = file.get();
        List<String> lines = new ArrayList<>();
        armed.forEach((k, t) -> lines.add("armed\t" + k + "\t" + t.toEpochMilli()));
        baselined.forEach(k -> lines.add("baseline\t" + k));
        versions.forEach((k, how) -> lines.add("version\t" + k + "\t" + how));
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save the trigger ledger " + f + "; it is kept in memory until then", e);
        }
    }

    private static String key(String a, String b) {
        return (a + "|" + b).toLowerCase(Locale.ROOT);
    }
}
