package dev.etaglab.gatling;

import dev.etaglab.gatling.RunResult.PhaseResult;
import java.util.List;
import java.util.Locale;

/** The before/after table of the mission, in Markdown, generated from the runs' JSON. */
final class ComparisonTable {

    private ComparisonTable() {
    }

    static String markdown(List<RunResult> runs) {
        StringBuilder md = new StringBuilder();
        md.append("| run | ETag strategy | phase | polls | requests sent | skipped (fresh) | 200 | 304 | "
                + "304 rate, unchanged content | egress bytes (LB) | bytes per poll | client bytes / LB bytes (phase) | "
                + "s until every client saw the change |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult run : runs) {
            for (PhaseResult p : run.phases()) {
                md.append(String.format(Locale.ROOT,
                        "| %s | `%s` | %s | %,d | %,d | %,d | %,d | %,d | %.1f %% | %,d | %,.0f | %.4f | %.1f |%n",
                        run.run(), run.etag(), p.phase(), p.polls(), p.requestsSent(), p.skipped(), p.ok200(),
                        p.notModified304(), 100 * p.rate304Unchanged(), p.lbEgressBytes(), p.bytesPerPoll(),
                        p.egressAgreement(), p.secondsUntilEveryClientSawChange()));
            }
        }
        return md.toString();
    }

    /** Egress of the before run divided by the after run's, per phase. */
    static String ratios(RunResult before, RunResult after) {
        StringBuilder md = new StringBuilder();
        for (int i = 0; i < before.phases().size(); i++) {
            PhaseResult b = before.phases().get(i);
            PhaseResult a = after.phases().get(i);
            md.append(String.format(Locale.ROOT, "- %s phase: the before run (`%s`) sent %.1f× the egress of the "
                            + "after run (`%s`): %,.0f vs %,.0f bytes per poll.%n", b.phase(), before.etag(),
                    (double) b.lbEgressBytes() / Math.max(1, a.lbEgressBytes()), after.etag(), b.bytesPerPoll(),
                    a.bytesPerPoll()));
        }
        return md.toString();
    }
}
