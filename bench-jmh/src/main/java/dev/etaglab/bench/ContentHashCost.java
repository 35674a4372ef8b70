package dev.etaglab.bench;

import dev.etaglab.server.etag.EtagStrategies;
import dev.etaglab.server.etag.EtagStrategy;
import dev.etaglab.server.etag.Representation;
import dev.etaglab.server.http.EntityTag;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
public class ContentHashCost {

    /*
     * The question every reviewer of a content-derived ETag asks: what does hashing the body cost on
     * every request? The strategies are the server's own (EtagStrategies.create), so the numbers
     * include what the server really pays per tag: the hash, rendering it (base64url or hex) and
     * building the EntityTag.
     *
     * No hash can beat reading every byte once. readFloor() does exactly that, in the same run and on
     * the same bytes, so the report can print each hash as a multiple of it ("× read floor"): a hash
     * at 1.2× is as fast as memory lets it be; at 20× it is compute-bound. At 1 KiB the fixed costs
     * (MessageDigest.getInstance, the String and EntityTag) dominate instead.
     */

    @State(Scope.Benchmark)
    public static class Body {

        @Param({"1KiB", "20KiB", "64KiB", "1MiB"})
        public String size;

        // Not final: the JIT must not treat the inputs as constants (JMHSample_10_ConstantFold).
        byte[] bytes;
        Representation representation;

        @Setup
        public void setup() {
            bytes = Bodies.catalogue(Bodies.bytes(size));
            // Content hashes never look at the local file; the path only satisfies the constructor.
            representation = new Representation(bytes, Path.of("catalogue.json"), Bodies.VERSION);
        }
    }

    @State(Scope.Benchmark)
    public static class Hash {

        @Param({"sha256", "xxh3", "xxh64"})
        public String strategy;

        EtagStrategy etag;

        @Setup
        public void setup() {
            switch (strategy) {
                case "sha256":
                case "xxh3":
                case "xxh64":
                    // The uncached strategies: they hash on every call to tag().
                    etag = EtagStrategies.create(strategy);
                    break;
                default:
                    throw new IllegalStateException("Unknown content hash strategy: " + strategy);
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    @Benchmark
    public void baseline() {
        // do nothing, this is a baseline
    }

    /*
     * The floor: every byte read once, eight at a time, folded into four independent XOR chains so
     * that the loop is limited by loads, not by the latency of one dependency chain. The loop is the
     * operation being measured (like the loop inside every hash), not a loop around it.
     *
     * It is the fastest plain-Java pass we tried: a single XOR chain, a byte loop and
     * Arrays.hashCode were 2-15x slower. Hand-written SIMD could read faster still while the body sits
     * in L1, so "x read floor" is a ratio to what Java code reads, a conservative floor.
     */
    @Benchmark
    public long readFloor(Body body) {
        byte[] b = body.bytes;
        long x0 = 0, x1 = 0, x2 = 0, x3 = 0;
        int i = 0;
        for (; i <= b.length - 32; i += 32) {
            x0 ^= (long) LONGS.get(b, i);
            x1 ^= (long) LONGS.get(b, i + 8);
            x2 ^= (long) LONGS.get(b, i + 16);
            x3 ^= (long) LONGS.get(b, i + 24);
        }
        for (; i < b.length; i++) {
            x0 ^= b[i];
        }
        return x0 ^ x1 ^ x2 ^ x3;
    }

    @Benchmark
    public EntityTag perRequest(Body body, Hash hash) {
        return hash.etag.tag(body.representation);
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The whole suite, with the report (from the repository root):
     *    $ ./lab mvn -pl bench-jmh -am package -DskipTests -Pbench-quick
     *
     * This class only, with the JMH jar:
     *    $ ./lab java -jar bench-jmh/target/benchmarks.jar ContentHashCost -foe true -prof gc
     *    (add -p size=1MiB to pick one size)
     *
     * You can also run this test from your IDE with main(), which uses one fork.
     */

    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(ContentHashCost.class.getSimpleName())
                .forks(1)
                .build();

        new Runner(opt).run();
    }
}
