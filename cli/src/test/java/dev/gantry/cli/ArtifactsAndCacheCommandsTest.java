package dev.gantry.cli;

import dev.gantry.actions.cache.CacheScope;
import dev.gantry.actions.cache.FileCacheStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry artifacts} and {@code gantry cache}, run as a user runs them (a separate JVM). */
class ArtifactsAndCacheCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void listsTheLatestRunsArtifactsAndDownloadsOne() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        write(repo.resolve(".gantry/runs/20260101-090000-aaaa/artifacts/OLD/x.txt"), "old");
        write(repo.resolve(".gantry/runs/20260102-090000-bbbb/artifacts/BUILD_OUT/build/app.jar"), "0123456789");
        write(repo.resolve(".gantry/runs/20260102-090000-bbbb/artifacts/BUILD_OUT/build/lib/dep.jar"), "dep");
        write(repo.resolve(".gantry/runs/20260102-090000-bbbb/artifacts/REPORTS/junit.xml"), "<testsuite/>");
        Path sub = Files.createDirectories(repo.resolve("src/deep"));

        GantryProcess.Result list = GantryProcess.run(sub, Map.of(), "artifacts");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("Artifacts of run 20260102-090000-bbbb")
                .containsPattern("BUILD_OUT\\s+2\\s+13 B").containsPattern("REPORTS\\s+1\\s+12 B")
                .doesNotContain("OLD");

        GantryProcess.Result older = GantryProcess.run(repo, Map.of(), "artifacts", "20260101-090000-aaaa");
        assertThat(older.out()).containsPattern("OLD\\s+1\\s+3 B");

        GantryProcess.Result dl = GantryProcess.run(repo, Map.of(), "artifacts", "--download", "BUILD_OUT",
                tmp.resolve("got").toString());
        assertThat(dl.exitCode()).as(dl.err()).isZero();
        assertThat(tmp.resolve("got/build/lib/dep.jar")).hasContent("dep");
        assertThat(dl.out()).contains("Copied BUILD_OUT of run 20260102-090000-bbbb (2 files, 13 B)");

        GantryProcess.Result missing = GantryProcess.run(repo, Map.of(), "artifacts", "--download", "NOPE", "x");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no artifact 'NOPE'").contains("BUILD_OUT, REPORTS");

        GantryProcess.Result noRun = GantryProcess.run(repo, Map.of(), "artifacts", "../../etc");
        assertThat(noRun.exitCode()).isEqualTo(2);
        assertThat(noRun.err()).contains("no run '../../etc'").contains("20260102-090000-bbbb");

        GantryProcess.Result nowhere = GantryProcess.run(Files.createDirectories(tmp.resolve("empty")), Map.of(),
                "artifacts");
        assertThat(nowhere.exitCode()).isEqualTo(2);
        assertThat(nowhere.err()).contains("no runs found");
    }

    @Test
    void cacheLsRmAndPrune() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path xdg = tmp.resolve("xdg");
        FileCacheStore store = new FileCacheStore(xdg.resolve("gantry"), Clock.systemUTC());
        store.save(new CacheScope("build", "main"), "npm", "node_modules", dir("a", 3000));
        store.save(new CacheScope("build", "feature/x"), "npm", "node_modules", dir("b", 2000));
        store.save(new CacheScope("deploy", "main"), "m2", "/root/.m2", dir("c", 1000));
        Map<String, String> env = Map.of("HOME", home.toString(), "XDG_CACHE_HOME", xdg.toString());
        Path cwd = Files.createDirectories(tmp.resolve("cwd"));

        GantryProcess.Result ls = GantryProcess.run(cwd, env, "cache", "ls");
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).contains("WORKFLOW").containsPattern("build\\s+main\\s+npm\\s+node_modules\\s+1\\s+2.9 KiB")
                .contains("feature/x").contains("/root/.m2").contains("3 caches").contains(xdg.resolve("gantry").toString());

        GantryProcess.Result scoped = GantryProcess.run(cwd, env, "cache", "ls", "--workflow", "deploy");
        assertThat(scoped.out()).contains("m2").doesNotContain("npm");

        GantryProcess.Result rm = GantryProcess.run(cwd, env, "cache", "rm", "npm", "--branch", "feature/x");
        assertThat(rm.exitCode()).as(rm.err()).isZero();
        assertThat(rm.out()).contains("Removed npm (build on feature/x");
        assertThat(store.list()).hasSize(2);

        GantryProcess.Result prune = GantryProcess.run(cwd, env, "cache", "prune", "--max-size", "2K");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("Removed npm (build on main)").contains("Freed 2.9 KiB");
        assertThat(store.list()).extracting(l -> l.manifest().key()).containsExactly("m2");

        GantryProcess.Result bad = GantryProcess.run(cwd, env, "cache", "prune", "--max-size", "lots");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("not a size");
    }

    private Path dir(String name, int bytes) throws IOException {
        Path d = tmp.resolve("src-" + name);
        write(d.resolve("data.bin"), name.repeat(bytes));
        return d;
    }

    private static void write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }
}
