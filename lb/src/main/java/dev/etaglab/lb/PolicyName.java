package dev.etaglab.lb;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The names accepted by {@code --policy}, each with a factory for a fresh policy instance. */
enum PolicyName {
    ROUND_ROBIN("round-robin", RoundRobinPolicy::new, false),
    RANDOM("random", RandomPolicy::new, false),
    LEAST_IN_FLIGHT("least-in-flight", LeastInFlightPolicy::new, false),
    STICKY("sticky", StickyPolicy::new, true);

    private final String cliName;
    private final Supplier<Policy> factory;
    private final boolean readsClientAffinity;

    PolicyName(String cliName, Supplier<Policy> factory, boolean readsClientAffinity) {
        this.cliName = cliName;
        this.factory = factory;
        this.readsClientAffinity = readsClientAffinity;
    }

    Policy newPolicy() {
        return factory.get();
    }

    /** Whether the policy needs each request's {@link ClientAffinity}; when not, no request header is read for it. */
    boolean readsClientAffinity() {
        return readsClientAffinity;
    }

    static PolicyName fromCliName(String name) {
        for (PolicyName policy : values()) {
            if (policy.cliName.equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + name + "' (expected one of "
                                                   + Arrays.stream(values()).map(PolicyName::toString)
                                                           .collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
