package dev.etaglab.gatling;

import dev.etaglab.lb.cluster.EgressLog;
import dev.etaglab.lb.cluster.KernelSocketCounters;
import dev.etaglab.lb.cluster.RunningCluster;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;

/**
 * Where a run reads the balancer's counters: lb.jar's {@code /metrics}, or the access log of nginx or
 * HAProxy, which have no such endpoint. Either way the same figures: responses and egress bytes by status.
 * Each reading also takes the kernel's counters of the balancer's client sockets, right after.
 */
@FunctionalInterface
interface EgressMeter {

    LbMetrics readBalancer() throws IOException, InterruptedException;

    default CounterReading read(KernelSocketCounters kernel, int balancerPort) throws IOException, InterruptedException {
        LbMetrics balancer = readBalancer();
        return new CounterReading(balancer, kernel.snapshot(balancerPort));
    }

    static EgressMeter of(RunningCluster cluster, HttpClient http) {
        if (cluster.accessLog().isEmpty()) {
            return () -> LbMetrics.scrape(http, cluster.adminUri());
        }
        Path log = cluster.accessLog().get();
        return () -> {
            long requested = System.currentTimeMillis();
            EgressLog.Totals totals = EgressLog.read(cluster.spec().balancer(), log);
            if (totals.unmeasured() > 0) {
                throw new IOException(totals.unmeasured() + " response(s) in " + log + " have no byte count; "
                        + "the egress figures would be short (see EgressLog)");
            }
            return new LbMetrics(requested, totals.responses(), totals.egressBytes());
        };
    }
}
