package dev.etaglab.lb;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A balancer on 127.0.0.1 with ports 0, in front of the given stubs, configured through the real CLI parser. */
final class RunningLb implements AutoCloseable {
    private final LoadBalancer balancer;

    private RunningLb(LoadBalancer balancer) {
        this.balancer = balancer;
    }

    static RunningLb start(List<StubBackend> backends, String... options) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--admin-port", "0"));
        for (StubBackend backend : backends) {
            args.add("--backend");
            args.add(backend.url());
        }
        args.addAll(List.of(options));
        return new RunningLb(LoadBalancer.start(Main.parse(args.toArray(String[]::new))));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + balancer.port() + pathAndQuery);
    }

    int port() {
        return balancer.port();
    }

    URI adminUri(String path) {
        return URI.create("http://127.0.0.1:" + balancer.adminPort() + path);
    }

    @Override
    public void close() {
        balancer.close();
    }
}
