package dev.etaglab.support;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one way a setting's name on a command line becomes an enum constant: case-insensitive, and a wrong
 * name is answered with every valid one, so a typo costs one look at the message rather than a run.
 */
public final class Labels {

    private Labels() {
    }

    /**
     * @param type  the enum
     * @param what  what the setting is called in the message ("balancer", "pacing")
     * @param name  what the user typed
     * @param label the constant's command-line name
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String what, String name, Function<E, String> label) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> label.apply(e).equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + name + "'; choose one of "
                        + Arrays.stream(type.getEnumConstants()).map(label).collect(Collectors.joining(", "))));
    }
}
