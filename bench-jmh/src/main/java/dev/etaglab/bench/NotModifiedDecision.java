package dev.etaglab.bench;

import dev.etaglab.server.etag.ContentHashes;
import dev.etaglab.server.http.ConditionalRequest;
import dev.etaglab.server.http.EntityTag;
import dev.etaglab.server.http.HttpDate;
import dev.etaglab.server.http.Preconditions;
import dev.etaglab.server.http.Preconditions.Outcome;
import dev.etaglab.server.http.Validators;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class NotModifiedDecision {

    /*
     * What a 304 costs in CPU, next to what it saves in bytes: the server's revalidation decision,
     * exactly as ResourceService.retrieve makes it. ConditionalRequest.parse reads the four conditional
     * fields through a lookup function (here a Map, in the server Helidon's headers), splits and
     * parses the If-None-Match list, parses any HTTP-date, and Preconditions.evaluate applies
     * RFC 9110 §13.2.2 against the current validators.
     *
     * decide() is that whole path; evaluate() is the pure function alone, on a request parsed in
     * setup, so decide() - evaluate() is the price of parsing. Run with -prof gc: the allocation per
     * operation (gc.alloc.rate.norm, B/op) is the garbage each revalidation leaves behind.
     *
     * The clients:
     *   browser   one strong tag plus If-Modified-Since, as browsers send when the response had both
     *             validators. The date is parsed even though §13.1.3 says a recipient MUST ignore
     *             If-Modified-Since when If-None-Match is present: watch its share of B/op.
     *   etag-only one tag and nothing else (curl, scripted clients, most API SDKs).
     *   several   a shared cache that holds several stored responses sends all their tags
     *             (RFC 9111 §4.3.1); three stale tags, then the current one, weakened by a proxy
     *             that compressed it (W/, nginx does this), which the weak comparison still matches.
     *   changed   a browser whose copy is stale: the same parsing, no match, a 200 follows.
     */

    @State(Scope.Thread)
    public static class Request {

        @Param({"browser", "etag-only", "several", "changed"})
        public String client;

        // Not final: the JIT must not treat the inputs as constants (JMHSample_10_ConstantFold).
        String method = "GET";
        Function<String, List<String>> fieldLines;
        ConditionalRequest parsed;
        Validators current;

        @Setup
        public void setup() {
            Instant modified = Instant.parse("2026-01-01T10:00:00Z");
            EntityTag tag = EntityTag.strong(ContentHashes.sha256(Bodies.catalogue(Bodies.bytes("20KiB"))));
            current = new Validators(tag, modified);
            String stale1 = '"' + ContentHashes.sha256(Bodies.catalogue(Bodies.bytes("1KiB"))) + '"';
            String stale2 = '"' + ContentHashes.sha256(Bodies.catalogue(Bodies.bytes("64KiB"))) + '"';
            String stale3 = '"' + ContentHashes.sha256(Bodies.catalogue(Bodies.bytes("1MiB"))) + '"';
            String date = HttpDate.format(modified);
            Map<String, List<String>> fields;
            Outcome expected;
            switch (client) {
                case "browser":
                    fields = Map.of(ConditionalRequest.IF_NONE_MATCH, List.of(tag.toString()),
                            ConditionalRequest.IF_MODIFIED_SINCE, List.of(date));
                    expected = Outcome.NOT_MODIFIED;
                    break;
                case "etag-only":
                    fields = Map.of(ConditionalRequest.IF_NONE_MATCH, List.of(tag.toString()));
                    expected = Outcome.NOT_MODIFIED;
                    break;
                case "several":
                    fields = Map.of(ConditionalRequest.IF_NONE_MATCH,
                            List.of(stale1 + ", " + stale2 + ", " + stale3 + ", W/" + tag));
                    expected = Outcome.NOT_MODIFIED;
                    break;
                case "changed":
                    fields = Map.of(ConditionalRequest.IF_NONE_MATCH, List.of(stale1),
                            ConditionalRequest.IF_MODIFIED_SINCE, List.of(HttpDate.format(modified.minusSeconds(3600))));
                    expected = Outcome.PROCEED;
                    break;
                default:
                    throw new IllegalStateException("Unknown client: " + client);
            }
            // Absent fields are empty lists, as Helidon's headers.all(name, List::of) returns them.
            fieldLines = name -> fields.getOrDefault(name, List.of());
            parsed = ConditionalRequest.parse(method, fieldLines);
            if (Preconditions.evaluate(parsed, current).outcome() != expected) {
                throw new IllegalStateException(client + " should give " + expected);
            }
        }
    }

    @Benchmark
    public void baseline() {
        // do nothing, this is a baseline
    }

    @Benchmark
    public Preconditions.Decision evaluate(Request r) {
        return Preconditions.evaluate(r.parsed, r.current);
    }

    @Benchmark
    public Preconditions.Decision decide(Request r) {
        return Preconditions.evaluate(ConditionalRequest.parse(r.method, r.fieldLines), r.current);
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The whole suite, with the report (from the repository root):
     *    $ ./lab mvn -pl bench-jmh -am package -DskipTests -Pbench-quick
     *
     * This class only, with allocation per operation:
     *    $ ./lab java -jar bench-jmh/target/benchmarks.jar NotModifiedDecision -foe true -prof gc
     *
     * You can also run this test from your IDE with main(), which uses one fork.
     */

    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(NotModifiedDecision.class.getSimpleName())
                .addProfiler("gc")
                .forks(1)
                .build();

        new Runner(opt).run();
    }
}
