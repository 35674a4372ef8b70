package dev.etaglab.bench.report;

import java.util.Map;

/** JMH's score units: which way is better, and converting between time units of the same kind. */
final class Units {

    private static final Map<String, Double> SECONDS = Map.of("s", 1.0, "ms", 1e-3, "us", 1e-6, "ns", 1e-9);

    private Units() {
    }

    /** Time per operation ({@code ns/op}, {@code B/op}) is better lower; throughput ({@code ops/s}) higher. */
    static boolean lowerIsBetter(String unit) {
        return !unit.startsWith("ops/");
    }

    /** The row in {@code unit}: {@code us/op} to {@code ns/op} multiplies score and interval by 1000. */
    static JmhResult convert(JmhResult r, String unit) {
        if (r.unit().equals(unit)) {
            return r;
        }
        double factor = factor(r.unit(), unit);
        return new JmhResult(r.benchmark(), r.mode(), r.params(), r.score() * factor, r.error() * factor,
                r.ciLow() * factor, r.ciHigh() * factor, unit, r.allocPerOp(), r.forks(), r.samples(), r.settings());
    }

    private static double factor(String from, String to) {
        String[] f = from.split("/");
        String[] t = to.split("/");
        if (f.length == 2 && t.length == 2) {
            if (f[1].equals("op") && t[1].equals("op") && SECONDS.containsKey(f[0]) && SECONDS.containsKey(t[0])) {
                return SECONDS.get(f[0]) / SECONDS.get(t[0]);
            }
            if (f[0].equals("ops") && t[0].equals("ops") && SECONDS.containsKey(f[1]) && SECONDS.containsKey(t[1])) {
                return SECONDS.get(t[1]) / SECONDS.get(f[1]);
            }
        }
        throw new IllegalArgumentException("cannot compare a score in " + from + " with one in " + to);
    }
}
