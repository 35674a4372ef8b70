package dev.etaglab.lb;

import java.util.function.Supplier;

/** The names accepted by {@code --policy}, each with a factory for a fresh policy instance. */
enum PolicyName {
    ROUND_ROBIN("round-robin", RoundRobinPolicy::new),
    RANDOM("random", RandomPolicy::new),
    LEAST_IN_FLIGHT("least-in-flight", LeastInFlightPolicy::new);

    private final String cliName;
    private final Supplier<Policy> factory;

    PolicyName(String cliName, Supplier<Policy> factory) {
        this.cliName = cliName;
        this.factory = factory;
    }

    Policy newPolicy() {
        return factory.get();
    }

    static PolicyName fromCliName(String name) {
        for (PolicyName policy : values()) {
            if (policy.cliName.equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + name + "' (expected round-robin, random or least-in-flight)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
