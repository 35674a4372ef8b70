package dev.etaglab.server.etag;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.Supplier;

/** The strategies selectable with {@code --etag NAME}; each call to {@link #create} gives a fresh instance. */
public final class EtagStrategies {

    /** A cached content hash: the per-request cost of a field read, with a collision-resistant tag. */
    public static final String DEFAULT = "sha256-cached";

    private static final SequencedMap<String, Entry> STRATEGIES = new LinkedHashMap<>();

    private record Entry(String description, Supplier<EtagStrategy> factory) {
    }

    static {
        add("sha256", "SHA-256 of the body, hashed on every request", () -> new ContentHashEtag(ContentHashes::sha256));
        add("sha256-cached", "SHA-256 of the body, hashed once per version (default)",
                () -> new CachedOnWriteEtag(new ContentHashEtag(ContentHashes::sha256)));
        add("xxh3", "XXH3-64 of the body, hashed on every request", () -> new ContentHashEtag(ContentHashes::xxh3));
        add("xxh3-cached", "XXH3-64 of the body, hashed once per version",
                () -> new CachedOnWriteEtag(new ContentHashEtag(ContentHashes::xxh3)));
        add("xxh64", "xxHash64 of the body, hashed on every request", () -> new ContentHashEtag(ContentHashes::xxh64));
        add("xxh64-cached", "xxHash64 of the body, hashed once per version",
                () -> new CachedOnWriteEtag(new ContentHashEtag(ContentHashes::xxh64)));
        add("inode", "node-local: inode-size-mtime of the local file (Apache <= 2.3.14)", InodeEtag::new);
        add("mtime", "node-local: mtime-size of the local file (nginx)", MtimeEtag::new);
        add("process", "node-local: boot nonce + in-process load counter", ProcessEtag::new);
    }

    private EtagStrategies() {
    }

    private static void add(String name, String description, Supplier<EtagStrategy> factory) {
        STRATEGIES.put(name, new Entry(description, factory));
    }

    public static EtagStrategy create(String name) {
        Entry entry = STRATEGIES.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown ETag strategy '" + name + "'; choose one of " + STRATEGIES.keySet());
        }
        return entry.factory().get();
    }

    /** Name → one-line description, in a stable order, for {@code --help}. */
    public static Map<String, String> descriptions() {
        Map<String, String> out = new LinkedHashMap<>();
        STRATEGIES.forEach((name, entry) -> out.put(name, entry.description()));
        return out;
    }
}
