package dev.gantry.actions.cache;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileCacheStoreTest {
    @TempDir
    Path tmp;
    TestClock clock;
    FileCacheStore store;
    CacheScope main = new CacheScope("build", "main");

    @BeforeEach
    void setUp() {
        clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        store = new FileCacheStore(tmp.resolve("cache"), clock);
    }

    @Test
    void roundTripKeepsTreeModesTimesLinksAndEmptyFolders() throws Exception {
        Path src = tmp.resolve("ws1/node_modules");
        write(src.resolve("a/index.js"), "module.exports = 1;");
        Path bin = write(src.resolve(".bin/tool"), "#!/bin/sh\necho tool\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(bin, FileTime.from(Instant.parse("2024-05-05T10:00:00Z")));
        Files.createSymbolicLink(src.resolve("link-to-a"), Path.of("a/index.js"));
        Files.createDirectories(src.resolve("empty"));

        FileCacheStore.Saved saved = store.save(main, "npm", "node_modules", src).orElseThrow();
        assertThat(saved.files()).isEqualTo(2);

        Path dst = tmp.resolve("ws2/node_modules");
        FileCacheStore.Restored r = store.restore(main, "npm", List.of(), dst).orElseThrow();
        assertThat(r.exact()).isTrue();
        assertThat(r.files()).isEqualTo(2);
        assertThat(dst.resolve("a/index.js")).hasContent("module.exports = 1;");
        assertThat(Files.getPosixFilePermissions(dst.resolve(".bin/tool")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.getLastModifiedTime(dst.resolve(".bin/tool")).toInstant())
                .isEqualTo(Instant.parse("2024-05-05T10:00:00Z"));
        assertThat(Files.readSymbolicLink(dst.resolve("link-to-a"))).isEqualTo(Path.of("a/index.js"));
        assertThat(dst.resolve("link-to-a")).hasContent("module.exports = 1;");
        assertThat(dst.resolve("empty")).isEmptyDirectory();
    }

    @Test
    void singleFileCache() throws Exception {
        Path f = write(tmp.resolve("ws1/.out2/file.txt"), "hello again");
        store.save(main, "cacheKey2", ".out2/file.txt", f).orElseThrow();
        Path dst = tmp.resolve("ws2/.out2/file.txt");
        store.restore(main, "cacheKey2", List.of(), dst).orElseThrow();
        assertThat(dst).hasContent("hello again");
    }

    @Test
    void identicalContentIsStoredOnce() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        for (int i = 0; i < 20; i++) {
            write(a.resolve("f" + i), "same content " + i);
            write(b.resolve("nested/g" + i), "same content " + i);
        }
        FileCacheStore.Saved first = store.save(main, "one", "a", a).orElseThrow();
        FileCacheStore.Saved second = store.save(new CacheScope("other", "dev"), "two", "b", b).orElseThrow();
        assertThat(first.newBytes()).isEqualTo(first.bytes());
        assertThat(second.newBytes()).isZero();
        try (Stream<Path> objects = Files.walk(tmp.resolve("cache/objects"))) {
            assertThat(objects.filter(Files::isRegularFile).count()).isEqualTo(20);
        }
        assertThat(store.storedBytes()).isEqualTo(first.bytes());
    }

    @Test
    void exactKeyFirstThenTheFirstRestoreKeyThatMatchesNewestFirst() throws Exception {
        save("npm-linux-aaa", "old");
        clock.advance(Duration.ofMinutes(1));
        save("npm-linux-bbb", "newer");
        clock.advance(Duration.ofMinutes(1));
        save("npm-mac-ccc", "newest but other prefix");
        clock.advance(Duration.ofMinutes(1));
        save("exact", "exact");

        assertThat(restore("exact", List.of("npm-"))).isEqualTo("exact");
        assertThat(restore("missing", List.of("npm-linux-", "npm-"))).isEqualTo("newer");
        assertThat(restore("missing", List.of("nope", "npm-"))).isEqualTo("newest but other prefix");
        assertThat(store.restore(main, "missing", List.of("nope"), tmp.resolve("x"))).isEmpty();
        FileCacheStore.Restored r = store.restore(main, "missing", List.of("npm-linux-aaa"), tmp.resolve("y"))
                .orElseThrow();
        assertThat(r.exact()).isFalse();
        assertThat(r.key()).isEqualTo("npm-linux-aaa");
    }

    @Test
    void cachesAreScopedByWorkflowAndBranch() throws Exception {
        save("deps", "main's");
        assertThat(store.restore(new CacheScope("build", "feature-B"), "deps", List.of("de"), tmp.resolve("b")))
                .isEmpty();
        assertThat(store.restore(new CacheScope("deploy", "main"), "deps", List.of(), tmp.resolve("c"))).isEmpty();
        assertThat(restore("deps", List.of())).isEqualTo("main's");
    }

    @Test
    void missingPathSavesNothingAndForgettingRemovesTheCache() throws Exception {
        save("k", "v1");
        assertThat(store.save(main, "k", "gone", tmp.resolve("does-not-exist"))).isEmpty();
        assertThat(restore("k", List.of())).isEqualTo("v1");
        assertThat(store.forget(main, "k")).isTrue();
        assertThat(store.forget(main, "k")).isFalse();
        assertThat(store.restore(main, "k", List.of(), tmp.resolve("none"))).isEmpty();
    }

    @Test
    void leastRecentlyUsedIsEvictedFirstAndUnusedContentsGo() throws Exception {
        save("a", "x".repeat(1000));
        clock.advance(Duration.ofMinutes(1));
        save("b", "y".repeat(1000));
        clock.advance(Duration.ofMinutes(1));
        save("c", "z".repeat(1000));
        clock.advance(Duration.ofMinutes(1));
        restore("a", List.of()); // a is now the most recently used

        FileCacheStore.Pruned p = store.pruneIfOver(2500, null).orElseThrow();

        assertThat(p.removed()).extracting(CacheManifest::key).containsExactly("b");
        assertThat(p.freedBytes()).isEqualTo(1000);
        assertThat(store.list()).extracting(l -> l.manifest().key()).containsExactly("c", "a");
        assertThat(store.pruneIfOver(2500, null)).isEmpty();
    }

    @Test
    void expiresCachesUnusedForTheMaximumAge() throws Exception {
        save("old", "old");
        clock.advance(Duration.ofDays(15));
        save("fresh", "fresh");
        FileCacheStore.Pruned p = store.prune(0, Duration.ofDays(14));
        assertThat(p.removed()).extracting(CacheManifest::key).containsExactly("old");
        assertThat(store.list()).extracting(l -> l.manifest().key()).containsExactly("fresh");
    }

    @Test
    void removeDeletesSelectedCachesAndTheirContents() throws Exception {
        save("a", "aaa");
        save("b", "bbb");
        assertThat(store.remove(m -> m.key().equals("a"))).hasSize(1);
        assertThat(store.list()).extracting(l -> l.manifest().key()).containsExactly("b");
        assertThat(store.storedBytes()).isEqualTo(3);
        store.remove(m -> true);
        assertThat(tmp.resolve("cache/entries")).isEmptyDirectory();
        assertThat(tmp.resolve("cache/objects")).isEmptyDirectory();
    }

    @Test
    void leftoversOfAnInterruptedSaveAreHarmlessAndCleanedUp() throws Exception {
        save("k", "good");
        // what a save killed half-way leaves: a partial temp file and an object no manifest names yet
        write(tmp.resolve("cache/tmp/partial"), "half a fi");
        write(tmp.resolve("cache/objects/ab/ab" + "0".repeat(62)), "orphan");
        assertThat(restore("k", List.of())).isEqualTo("good");
        store.prune(0, null);
        assertThat(tmp.resolve("cache/tmp")).doesNotExist();
        assertThat(tmp.resolve("cache/objects/ab/ab" + "0".repeat(62))).doesNotExist();
        assertThat(restore("k", List.of())).isEqualTo("good");
    }

    @Test
    void aCacheWhoseContentsWentMissingIsAMissNotACorruptRestore() throws Exception {
        save("k", "good");
        try (Stream<Path> objects = Files.walk(tmp.resolve("cache/objects"))) {
            for (Path o : objects.filter(Files::isRegularFile).toList()) {
                Files.delete(o);
            }
        }
        assertThat(store.restore(main, "k", List.of(), tmp.resolve("r"))).isEmpty();
        assertThat(tmp.resolve("r")).doesNotExist();
    }

    @Test
    void aDamagedManifestNeverWritesThroughALinkAndLeavesNoHalfRestore() throws Exception {
        Path src = tmp.resolve("src-damaged");
        write(src.resolve("a/x.txt"), "x");
        write(src.resolve("b/y.txt"), "y");
        store.save(main, "k", "p", src).orElseThrow();
        Path manifest;
        try (Stream<Path> m = Files.walk(tmp.resolve("cache/entries"))) {
            manifest = m.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        // an entry under a folder the manifest does not create first (as if 'evil' were a link to elsewhere)
        String json = Files.readString(manifest);
        String sha = json.replaceAll("(?s).*\"sha256\":\"([0-9a-f]{64})\".*", "$1");
        Files.writeString(manifest, json.replace("]}", ",{\"path\":\"evil/passwd\",\"type\":\"file\",\"mode\":420,"
                + "\"size\":1,\"mtime\":0,\"sha256\":\"" + sha + "\",\"link\":null}]}"));
        Path dst = tmp.resolve("restore-damaged");
        assertThatThrownBy(() -> store.restore(main, "k", List.of(), dst)).isInstanceOf(IOException.class)
                .hasMessageContaining("damaged");
        assertThat(dst).doesNotExist();
    }

    @Test
    void restoresDuringConcurrentSavesSeeOneWholeVersion() throws Exception {
        Path v1 = tmp.resolve("v1");
        Path v2 = tmp.resolve("v2");
        for (int i = 0; i < 200; i++) {
            write(v1.resolve("d" + (i % 7) + "/f" + i), "version-1");
            write(v2.resolve("d" + (i % 7) + "/f" + i), "version-2");
        }
        store.save(main, "k", "p", v1).orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                Path from = round % 2 == 0 ? v2 : v1;
                saves.add(pool.submit(() -> store.save(main, "k", "p", from)));
            }
            int restores = 0;
            while (saves.stream().anyMatch(f -> !f.isDone()) || restores < 5) {
                Path into = tmp.resolve("restore-" + restores++);
                store.restore(main, "k", List.of(), into).orElseThrow();
                try (Stream<Path> files = Files.walk(into)) {
                    assertThat(files.filter(Files::isRegularFile).map(FileCacheStoreTest::read).distinct().toList())
                            .hasSize(1);
                }
            }
            for (Future<?> f : saves) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesKeysThatCouldNameOtherFiles() {
        assertThatThrownBy(() -> store.save(main, "../x", "p", tmp)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.restore(main, "a/b", List.of(), tmp))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizesParseAndFormat() {
        assertThat(CacheSettings.parseSize("10G")).isEqualTo(10L << 30);
        assertThat(CacheSettings.parseSize("500MB")).isEqualTo(500L << 20);
        assertThat(CacheSettings.parseSize("1.5GiB")).isEqualTo(3L << 29);
        assertThat(CacheSettings.parseSize("2048")).isEqualTo(2048);
        assertThatThrownBy(() -> CacheSettings.parseSize("lots")).hasMessageContaining("not a size");
        assertThat(CacheSettings.formatSize(1536)).isEqualTo("1.5 KiB");
        assertThat(CacheSettings.defaultDir(java.util.Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/h")))
                .isEqualTo(Path.of("/x/cache/gantry"));
        assertThat(CacheSettings.defaultDir(java.util.Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.cache/gantry"));
    }

    private void save(String key, String content) throws IOException {
        Path src = tmp.resolve("src-" + key);
        write(src.resolve("data.txt"), content);
        store.save(main, key, "p", src).orElseThrow();
    }

    private String restore(String key, List<String> restoreKeys) throws IOException {
        Path dst = tmp.resolve("dst-" + System.nanoTime());
        store.restore(main, key, restoreKeys, dst).orElseThrow();
        return read(dst.resolve("data.txt"));
    }

    private static Path write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
