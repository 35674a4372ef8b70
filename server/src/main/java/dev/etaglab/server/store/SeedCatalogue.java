package dev.etaglab.server.store;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The initial document: a product catalogue, the kind of rarely-changing JSON that dashboards and
 * mobile clients poll. Deterministic: the same size always gives the same bytes.
 */
public final class SeedCatalogue {

    private static final String[] ADJECTIVES = {"Compact", "Rugged", "Silent", "Smart", "Classic", "Modular",
            "Portable", "Wireless", "Ergonomic", "Industrial"};
    private static final String[] NOUNS = {"Kettle", "Router", "Lamp", "Backpack", "Keyboard", "Drill", "Speaker",
            "Thermostat", "Bicycle", "Monitor", "Tent", "Blender"};
    private static final String[] CATEGORIES = {"kitchen", "networking", "lighting", "outdoor", "office", "tools",
            "audio", "home", "sports", "electronics"};
    private static final long SEED = 0x5EEDCA7AL;

    private SeedCatalogue() {
    }

    /** A catalogue of at least {@code minBytes} bytes (one product more than needed at most). */
    public static byte[] generate(int minBytes) {
        SplittableRandom random = new SplittableRandom(SEED);
        StringBuilder json = new StringBuilder(minBytes + 512);
        json.append("{\"catalogue\":\"etag-lab demo store\",\"currency\":\"EUR\",\"products\":[");
        String close = "]}\n";
        for (int id = 1; json.length() + close.length() < minBytes || id == 1; id++) {
            if (id > 1) {
                json.append(',');
            }
            appendProduct(json, id, random);
        }
        return json.append(close).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendProduct(StringBuilder json, int id, SplittableRandom random) {
        String name = ADJECTIVES[random.nextInt(ADJECTIVES.length)] + ' ' + NOUNS[random.nextInt(NOUNS.length)];
        json.append("{\"id\":").append(id)
                .append(",\"sku\":\"SKU-").append(String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000))).append('"')
                .append(",\"name\":\"").append(name).append('"')
                .append(",\"category\":\"").append(CATEGORIES[random.nextInt(CATEGORIES.length)]).append('"')
                .append(",\"price\":").append(random.nextInt(500, 50_000) / 100.0)
                .append(",\"stock\":").append(random.nextInt(0, 1000))
                .append(",\"rating\":").append(random.nextInt(10, 51) / 10.0)
                .append(",\"tags\":[\"").append(CATEGORIES[random.nextInt(CATEGORIES.length)]).append("\",\"")
                .append(ADJECTIVES[random.nextInt(ADJECTIVES.length)].toLowerCase(Locale.ROOT)).append("\"]}");
    }
}
