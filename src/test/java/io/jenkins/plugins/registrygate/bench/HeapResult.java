package io.jenkins.plugins.registrygate.bench;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Heap per waiting build for one size and mechanism, in bytes per build, from several runs ({@link BenchScenario#measureHeap}),
 * and from runs that started no build (the method's noise).
 */
record HeapResult(int builds, String variant, List<Run> runs, List<Run> noBuilds) {

    /**
     * One run. {@code retained}: used heap with every build waiting minus used heap once they are released, and the
     * same from class histograms; {@code growth}: used heap with every build waiting minus before they started, and
     * the same from histograms; {@code top}: the classes the builds retained.
     */
    record Run(double retained, double retainedHistogram, double growth, double growthHistogram, String top) {}

    double median(ToDoubleFunction<Run> f) {
        return median(runs.stream().mapToDouble(f).boxed().toList());
    }

    double min(ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    double max(ToDoubleFunction<Run> f) {
        return runs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    /**
     * The headline: retained heap per waiting build from the class histograms (exact live counts at a safepoint right
     * after a full GC, so objects other threads allocate meanwhile do not blur it), median over the runs.
     */
    double median() {
        return median(Run::retainedHistogram);
    }

    /** The largest distance from zero of a no-build run's figure. */
    double noise(ToDoubleFunction<Run> f) {
        return noBuilds.stream().mapToDouble(f).map(Math::abs).max().orElse(Double.NaN);
    }

    /** The class breakdown of the run whose headline figure is the median (the lower middle one for even counts). */
    String top() {
        List<Run> sorted = runs.stream().sorted(Comparator.comparingDouble(Run::retainedHistogram)).toList();
        return sorted.isEmpty() ? "" : sorted.get((sorted.size() - 1) / 2).top();
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }
}
