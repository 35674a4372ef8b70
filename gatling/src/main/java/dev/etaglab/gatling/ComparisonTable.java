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
                + "304 rate, unchanged content | model | egress bytes (LB) | bytes per poll | client bytes / LB bytes (phase) | "
                + "kernel payload / LB bytes, every status (phase) | TCP/IP header bytes (kernel) | "
                + "s until every client saw the change |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (RunResult run : runs) {
            for (PhaseResult p : run.phases()) {
                md.append(String.format(Locale.ROOT,
                        "| %s | `%s` | %s | %,d | %,d | %,d | %,d | %,d | %.1f %% | %s | %,d | %,.0f | %.4f | %s | %,d | %.1f |%n",
                        run.run(), run.etag(), p.phase(), p.polls(), p.requestsSent(), p.skipped(), p.ok200(),
                        p.notModified304(), 100 * p.rate304Unchanged(), modelCell(run, p), p.lbEgressBytes(), p.bytesPerPoll(),
                        p.egressAgreement(), kernelCell(p), p.kernelHeaderBytes(), p.secondsUntilEveryClientSawChange()));
            }
        }
        return md.toString();
    }

    /* The kernel's payload over the balancer's count; a phase in which client sockets closed says how many. */
    static String kernelCell(PhaseResult p) {
        String ratio = String.format(Locale.ROOT, "%.4f", p.lbAllEgressBytes() == 0 ? 1.0
                : (double) p.kernelPayloadBytes() / p.lbAllEgressBytes());
        return p.kernelSocketsClosed() == 0 ? ratio : ratio + " (" + p.kernelSocketsClosed() + " sockets closed)";
    }

    /* "33.3 % ✓" within the model's tolerance, "0.0 % ✗" outside it; "—" when the run is not modelled. */
    static String modelCell(RunResult run, PhaseResult p) {
        RevalidationModel model = run.model();
        if (model == null || Double.isNaN(model.expected())) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f %% %s", 100 * model.expected(),
                model.agrees(p.rate304Unchanged()) ? "✓" : "✗");
    }

    /** What each run's model says and why, one line per run, under the table. */
    static String models(List<RunResult> runs) {
        StringBuilder md = new StringBuilder();
        for (RunResult run : runs) {
            if (run.model() != null) {
                md.append(String.format(Locale.ROOT, "- model of the %s run (`%s`): %s; a measured rate within ±%.0f "
                                + "points agrees (✓).%n", run.run(), run.etag(), run.model().basis(),
                        100 * RevalidationModel.TOLERANCE));
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
