package dev.etaglab.bench;

import dev.etaglab.server.etag.EtagStrategies;
import dev.etaglab.server.etag.EtagStrategy;
import dev.etaglab.server.etag.Representation;
import dev.etaglab.server.http.EntityTag;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
public class CachedOnWriteCost {

    /*
     * The server's default is "sha256-cached": CachedOnWriteEtag hashes the body once, in onLoad(),
     * when a version lands, and tag() then reads a volatile field and compares one reference. The
     * per-request cost should therefore be flat in the body size and a few nanoseconds, while the
     * uncached strategy of the same hash grows with the body.
     *
     * Both strategies come from EtagStrategies.create, side by side on the same representation. The
     * hash is paid once per version instead of once per request: for a document that changes rarely
     * and is polled often, that is the whole argument for caching on write.
     */

    @State(Scope.Benchmark)
    public static class Strategies {

        @Param({"sha256", "xxh3", "xxh64"})
        public String hash;

        @Param({"1KiB", "1MiB"})
        public String size;

        // Not final: the JIT must not treat the inputs as constants (JMHSample_10_ConstantFold).
        Representation representation;
        EtagStrategy perRequest;
        EtagStrategy cachedOnWrite;

        @Setup
        public void setup() {
            switch (hash) {
                case "sha256":
                case "xxh3":
                case "xxh64":
                    perRequest = EtagStrategies.create(hash);
                    cachedOnWrite = EtagStrategies.create(hash + "-cached");
                    break;
                default:
                    throw new IllegalStateException("Unknown hash: " + hash);
            }
            byte[] body = Bodies.catalogue(Bodies.bytes(size));
            representation = new Representation(body, Path.of("catalogue.json"), Bodies.VERSION);
            // What the replica does when a version lands: the only hash the cached strategy computes.
            cachedOnWrite.onLoad(representation);
            if (!cachedOnWrite.tag(representation).equals(perRequest.tag(representation))) {
                throw new IllegalStateException("cached and per-request tags differ for " + hash);
            }
        }
    }

    @Benchmark
    public void baseline() {
        // do nothing, this is a baseline
    }

    @Benchmark
    public EntityTag perRequest(Strategies s) {
        return s.perRequest.tag(s.representation);
    }

    @Benchmark
    public EntityTag cachedOnWrite(Strategies s) {
        return s.cachedOnWrite.tag(s.representation);
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The whole suite, with the report (from the repository root):
     *    $ ./lab mvn -pl bench-jmh -am package -DskipTests -Pbench-quick
     *
     * This class only, with the JMH jar:
     *    $ ./lab java -jar bench-jmh/target/benchmarks.jar CachedOnWriteCost -foe true
     *
     * You can also run this test from your IDE with main(), which uses one fork.
     */

    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(CachedOnWriteCost.class.getSimpleName())
                .forks(1)
                .build();

        new Runner(opt).run();
    }
}
