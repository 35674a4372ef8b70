package dev.etaglab.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One benchmark row of a baseline run next to the same row of a candidate run.
 *
 * @param key       class, method and params; what identifies the row in both files
 * @param baseline  the baseline row, converted to the candidate's unit
 * @param candidate the candidate row
 * @param ratio     candidate score / baseline score
 * @param slowdown  how many times slower the candidate is: the ratio for time per operation,
 *                  its inverse for throughput; above 1 is worse
 * @param verdict   what the reviewer should make of it
 */
public record Comparison(String key, JmhResult baseline, JmhResult candidate, double ratio, double slowdown,
                         Verdict verdict) {

    public enum Verdict {
        /** The intervals do not overlap and the candidate is slower by more than the threshold. */
        REGRESSED,
        /** The intervals do not overlap and the candidate is faster by more than the threshold. */
        IMPROVED,
        /** The intervals do not overlap, but the change is inside the threshold. */
        WITHIN_THRESHOLD,
        /** The 99.9% intervals overlap: whatever the ratio says, JMH cannot tell the runs apart. */
        NOISE
    }

    /** The rows of both runs, matched by {@link JmhResult#key()}, in the candidate's order. */
    public record Report(List<Comparison> rows, List<String> onlyInBaseline, List<String> onlyInCandidate) {

        public boolean regressed() {
            return rows.stream().anyMatch(c -> c.verdict() == Verdict.REGRESSED);
        }

        public long count(Verdict verdict) {
            return rows.stream().filter(c -> c.verdict() == verdict).count();
        }
    }

    /**
     * @param threshold the relative slowdown that counts as a regression, e.g. 0.10 for 10%; applied
     *                  symmetrically, so an improvement is a speed-up by more than the same factor
     */
    public static Report compare(List<JmhResult> baseline, List<JmhResult> candidate, double threshold,
                                 Predicate<String> include) {
        if (!(threshold >= 0)) {
            throw new IllegalArgumentException("threshold must be >= 0: " + threshold);
        }
        Map<String, JmhResult> base = index(baseline, include);
        Map<String, JmhResult> cand = index(candidate, include);
        List<Comparison> rows = new ArrayList<>();
        List<String> onlyInCandidate = new ArrayList<>();
        cand.forEach((key, c) -> {
            JmhResult b = base.get(key);
            if (b == null) {
                onlyInCandidate.add(key);
            } else {
                rows.add(of(key, Units.convert(b, c.unit()), c, threshold));
            }
        });
        List<String> onlyInBaseline = base.keySet().stream().filter(k -> !cand.containsKey(k)).toList();
        return new Report(rows, onlyInBaseline, onlyInCandidate);
    }

    static Comparison of(String key, JmhResult b, JmhResult c, double threshold) {
        double ratio = c.score() / b.score();
        double slowdown = Units.lowerIsBetter(c.unit()) ? ratio : 1 / ratio;
        boolean overlap = c.ciLow() <= b.ciHigh() && b.ciLow() <= c.ciHigh();
        Verdict verdict;
        if (overlap) {
            verdict = Verdict.NOISE;
        } else if (slowdown > 1 + threshold) {
            verdict = Verdict.REGRESSED;
        } else if (slowdown < 1 / (1 + threshold)) {
            verdict = Verdict.IMPROVED;
        } else {
            verdict = Verdict.WITHIN_THRESHOLD;
        }
        return new Comparison(key, b, c, ratio, slowdown, verdict);
    }

    private static Map<String, JmhResult> index(List<JmhResult> results, Predicate<String> include) {
        Map<String, JmhResult> byKey = new LinkedHashMap<>();
        for (JmhResult r : results) {
            if (include.test(r.benchmark()) || include.test(r.key())) {
                JmhResult previous = byKey.put(r.key(), r);
                if (previous != null) {
                    throw new IllegalArgumentException("the same benchmark appears twice in one file: " + r.key());
                }
            }
        }
        return byKey;
    }
}
