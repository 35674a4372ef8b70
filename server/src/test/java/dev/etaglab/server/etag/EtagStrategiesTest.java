package dev.etaglab.server.etag;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.etaglab.server.http.EntityTag;
import dev.etaglab.server.store.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EtagStrategiesTest {

    private static final byte[] BODY = "{\"catalogue\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sha256", "sha256-cached", "xxh3", "xxh3-cached", "xxh64", "xxh64-cached"})
    void contentDerivedTagsAgreeAcrossReplicasForIdenticalBytes(String name) throws IOException {
        // Two replicas: separate strategy instances, separate files with different mtimes, same bytes.
        EtagStrategy replicaA = EtagStrategies.create(name);
        EtagStrategy replicaB = EtagStrategies.create(name);
        Representation a = landed("a.json", BODY, T0);
        Representation b = landed("b.json", BODY, T0.plusSeconds(7));
        replicaA.onLoad(a);
        replicaB.onLoad(b);
        assertThat(replicaA.tag(a), is(replicaB.tag(b)));
        assertThat(replicaA.tag(a).weak(), is(false));
        assertThat(replicaA.contentDerived(), is(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256", "sha256-cached", "xxh3", "xxh3-cached", "xxh64", "xxh64-cached"})
    void contentDerivedTagsChangeWhenOneByteChanges(String name) throws IOException {
        EtagStrategy strategy = EtagStrategies.create(name);
        byte[] changed = BODY.clone();
        changed[changed.length - 2] = '4';
        Representation before = landed("a.json", BODY, T0);
        Representation after = landed("b.json", changed, T0);
        strategy.onLoad(before);
        EntityTag first = strategy.tag(before);
        strategy.onLoad(after);
        assertThat(strategy.tag(after), is(not(first)));
    }

    @Test
    void cachedOnWriteHashesOncePerVersionNotPerRequest() throws IOException {
        AtomicInteger hashed = new AtomicInteger();
        var strategy = new CachedOnWriteEtag(new ContentHashEtag(body -> {
            hashed.incrementAndGet();
            return ContentHashes.sha256(body);
        }));
        Representation r = landed("a.json", BODY, T0);
        strategy.onLoad(r);
        for (int i = 0; i < 1000; i++) {
            strategy.tag(r);
        }
        assertThat(hashed.get(), is(1));
    }

    @Test
    void perRequestHashingHashesEveryTime() throws IOException {
        AtomicInteger hashed = new AtomicInteger();
        var strategy = new ContentHashEtag(body -> {
            hashed.incrementAndGet();
            return ContentHashes.xxh3(body);
        });
        Representation r = landed("a.json", BODY, T0);
        strategy.tag(r);
        strategy.tag(r);
        assertThat(hashed.get(), is(2));
    }

    @Test
    void inodeTagsDisagreeForIdenticalBytesInDifferentFiles() throws IOException {
        EtagStrategy strategy = EtagStrategies.create("inode");
        Representation a = landed("a.json", BODY, T0);
        Representation b = landed("b.json", BODY, T0);
        assertThat(strategy.tag(a), is(not(strategy.tag(b))));
        assertThat(strategy.tag(a), is(strategy.tag(a)));
        assertThat(strategy.contentDerived(), is(false));
    }

    @Test
    void mtimeTagsAgreeOnlyWhenCopiesLandInTheSameSecond() throws IOException {
        EtagStrategy strategy = EtagStrategies.create("mtime");
        Representation a = landed("a.json", BODY, T0);
        Representation sameSecond = landed("b.json", BODY, T0.plusMillis(400));
        Representation drifted = landed("c.json", BODY, T0.plusSeconds(2));
        assertThat(strategy.tag(a), is(strategy.tag(sameSecond)));
        assertThat(strategy.tag(a), is(not(strategy.tag(drifted))));
        // nginx's format: hex(mtime seconds)-hex(size).
        assertThat(strategy.tag(a).opaque(),
                is(Long.toHexString(T0.getEpochSecond()) + "-" + Long.toHexString(BODY.length)));
    }

    @Test
    void processTagsDisagreeBetweenProcessesAndChangeOnEveryLoad() throws IOException {
        EtagStrategy replicaA = EtagStrategies.create("process");
        EtagStrategy replicaB = EtagStrategies.create("process");
        Representation r = landed("a.json", BODY, T0);
        replicaA.onLoad(r);
        replicaB.onLoad(r);
        assertThat(replicaA.tag(r), is(not(replicaB.tag(r))));
        EntityTag first = replicaA.tag(r);
        replicaA.onLoad(r);
        assertThat(replicaA.tag(r), is(not(first)));
    }

    @Test
    void unknownStrategyNamesTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> EtagStrategies.create("md5"));
        assertThat(e.getMessage().contains("sha256-cached"), is(true));
    }

    private Representation landed(String file, byte[] body, Instant mtime) throws IOException {
        Path path = dir.resolve(file);
        Files.write(path, body);
        Files.setLastModifiedTime(path, FileTime.from(mtime));
        return new Representation(body, path, new Version(1, T0));
    }
}
