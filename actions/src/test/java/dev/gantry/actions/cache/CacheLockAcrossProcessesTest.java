package dev.gantry.actions.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache lock holds between separate processes, as between two {@code gantry run}s. */
class CacheLockAcrossProcessesTest {
    @TempDir
    Path tmp;

    /** Holds the exclusive lock of the cache folder {@code args[0]} until its standard input closes. */
    public static void main(String[] args) throws Exception {
        CacheLock lock = new CacheLock(Path.of(args[0]).resolve(".lock"));
        try (CacheLock.Held held = lock.exclusive()) {
            System.out.println("locked");
            System.out.flush();
            System.in.read();
        }
    }

    @Test
    void anotherProcessHoldingTheLockMakesSavesWaitAndEvictionStepAside() throws Exception {
        Path cache = tmp.resolve("cache");
        FileCacheStore store = new FileCacheStore(cache, Clock.systemUTC());
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a");
        store.save(new CacheScope("w", "main"), "k", "src", src).orElseThrow();

        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CacheLockAcrossProcessesTest.class.getName(), cache.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThat(store.pruneIfOver(1, null)).isEmpty(); // busy: eviction never waits, never deletes
            CompletableFuture<?> save = CompletableFuture.runAsync(() -> {
                try {
                    store.save(new CacheScope("w", "main"), "k2", "src", src);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(save).isNotDone();

            holder.getOutputStream().close(); // the other process releases the lock
            save.get(10, TimeUnit.SECONDS);
            assertThat(store.list()).extracting(l -> l.manifest().key()).containsExactlyInAnyOrderElementsOf(
                    List.of("k", "k2"));
        } finally {
            holder.destroy();
            holder.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
