package dev.etaglab.bench;

import dev.etaglab.server.etag.EtagStrategies;
import dev.etaglab.server.etag.EtagStrategy;
import dev.etaglab.server.etag.Representation;
import dev.etaglab.server.http.EntityTag;
import java.io.IOException;
import java.nio.file.Files;
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
import org.openjdk.jmh.annotations.TearDown;
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
public class NodeLocalStatCost {

    /*
     * The node-local strategies are the bug this lab reproduces, but they are often defended as
     * "free". They are not: inode and mtime (Apache's and nginx's defaults) stat(2) the replica's own
     * file on every request, as the real servers do without a file cache. That is a system call, so
     * its cost depends on the kernel and filesystem, not on the JIT. Here it runs on a real file of
     * the catalogue, in java.io.tmpdir (run.json records which filesystem that was).
     *
     * "inode" also goes through Files.readAttributes(path, "unix:...") and its Map of boxed values;
     * "mtime" uses BasicFileAttributes. "process" has no syscall: it formats a counter. The cached
     * content hash is here as the yardstick: the correct tag, for the price of a field read.
     */

    @State(Scope.Benchmark)
    public static class LocalFile {

        @Param({"mtime", "inode", "process", "sha256-cached"})
        public String strategy;

        // Not final: the JIT must not treat the inputs as constants (JMHSample_10_ConstantFold).
        Path file;
        Representation representation;
        EtagStrategy etag;

        @Setup
        public void setup() throws IOException {
            switch (strategy) {
                case "mtime":
                case "inode":
                case "process":
                case "sha256-cached":
                    etag = EtagStrategies.create(strategy);
                    break;
                default:
                    throw new IllegalStateException("Unknown strategy: " + strategy);
            }
            byte[] body = Bodies.catalogue(Bodies.bytes("20KiB"));
            file = Files.createTempFile("etaglab-bench-", ".json");
            Files.write(file, body);
            representation = new Representation(body, file, Bodies.VERSION);
            etag.onLoad(representation);
        }

        @TearDown
        public void deleteFile() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    @Benchmark
    public void baseline() {
        // do nothing, this is a baseline
    }

    @Benchmark
    public EntityTag tag(LocalFile local) {
        return local.etag.tag(local.representation);
    }

    /*
     * ============================== HOW TO RUN THIS TEST: ====================================
     *
     * The whole suite, with the report (from the repository root):
     *    $ ./lab mvn -pl bench-jmh -am package -DskipTests -Pbench-quick
     *
     * This class only, with the JMH jar (add -jvmArgsAppend -Djava.io.tmpdir=DIR for another filesystem):
     *    $ ./lab java -jar bench-jmh/target/benchmarks.jar NodeLocalStatCost -foe true
     *
     * You can also run this test from your IDE with main(), which uses one fork.
     */

    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(NodeLocalStatCost.class.getSimpleName())
                .forks(1)
                .build();

        new Runner(opt).run();
    }
}
