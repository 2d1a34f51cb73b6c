package io.jenkins.plugins.registrygate.bench;

import hudson.model.TaskListener;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The console of every benchmark build, shared: in Jenkins each build's log goes to a file, so lines are counted here
 * (and a few unusual ones kept for the report), never held in the heap being measured.
 */
final class BuildLogs implements TaskListener {
    @Serial
    private static final long serialVersionUID = 1L;

    private final transient LongAdder lines = new LongAdder();
    private final transient LongAdder bytes = new LongAdder();
    private final transient LongAdder retrying = new LongAdder();
    private final transient List<String> unusual = new ArrayList<>();
    private final transient PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8) {
        @Override
        public void println(String line) {
            take(line);
        }

        @Override
        public void println(Object o) {
            take(String.valueOf(o));
        }
    };

    @Override
    public PrintStream getLogger() {
        return out;
    }

    private void take(String line) {
        lines.increment();
        bytes.add(line.length() + 1);
        if (line.contains("did not answer")) {
            retrying.increment();
        }
        boolean usual = line.contains("Waiting for a decision on") || line.contains("Resumed waiting for a decision on")
                || line.matches("\\[awaitApproval] Model package \\S+: .*");
        if (!usual) {
            synchronized (unusual) {
                if (unusual.size() < 10) {
                    unusual.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
                }
            }
        }
    }

    long lines() {
        return lines.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    /** Lines saying the registry did not answer (a failed call the wait retries). */
    long retrying() {
        return retrying.sum();
    }

    /** Up to ten lines other than "waiting", "resumed" and "decided", for the report. */
    List<String> unusual() {
        synchronized (unusual) {
            return List.copyOf(unusual);
        }
    }
}
