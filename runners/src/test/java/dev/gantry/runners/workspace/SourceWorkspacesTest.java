package dev.gantry.runners.workspace;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.run.Workspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SourceWorkspacesTest {
    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static void sh(Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }

    static Action action(List<String> sources, List<String> artifacts) {
        return new Action("A", null, "aws/build@v1", List.of(), null, null, null, Map.of(),
                new Inputs(sources, artifacts, List.of()), Outputs.NONE, Configuration.NONE);
    }

    Path gitRepo() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        sh(repo, "git init -q -b main . && git config user.email t@t && git config user.name t"
                + " && mkdir -p .codecatalyst/workflows src && echo 'Name: x' > .codecatalyst/workflows/w.yaml"
                + " && echo tracked > src/a.txt && printf '#!/bin/sh\\necho hi\\n' > run.sh && chmod +x run.sh"
                + " && echo '*.log' > .gitignore && echo gone > gone.txt && git add -A && git commit -qm init"
                + " && rm gone.txt && echo untracked > new.txt && echo ignored > x.log && ln -s src/a.txt link"
                + " && mkdir -p .gantry/runs/old && echo old > .gantry/runs/old/run.json");
        return repo;
    }

    @Test
    void gitSourceHasTrackedAndUntrackedButNotIgnoredFiles() throws Exception {
        Path repo = gitRepo();
        SourceRepository src = SourceRepository.of(repo.resolve(".codecatalyst/workflows/w.yaml"));
        assertThat(src.root()).isEqualTo(repo.toRealPath());
        assertThat(src.git()).isTrue();
        assertThat(src.files()).contains("src/a.txt", "run.sh", "new.txt", ".gitignore", "link",
                ".codecatalyst/workflows/w.yaml").doesNotContain("x.log", ".gantry/runs/old/run.json");
        assertThat(src.state().branchName()).isEqualTo("main");
        assertThat(src.state().commitId()).matches("[0-9a-f]{40}");
    }

    @Test
    void eachActionGetsAFreshFaithfulCopy() throws Exception {
        Path repo = gitRepo();
        SourceRepository src = SourceRepository.of(repo.resolve(".codecatalyst/workflows/w.yaml"));
        SourceWorkspaces ws = new SourceWorkspaces(src, new TreeCopy(pool, 2), false, false);
        Workspace one = ws.create(action(List.of("WorkflowSource"), List.of()), tmp.resolve("run/work/One"));
        Path copy = one.inputs().get("WorkflowSource");
        assertThat(copy).isEqualTo(tmp.resolve("run/work/One/WorkflowSource"));
        assertThat(copy.resolve("src/a.txt")).hasContent("tracked");
        assertThat(copy.resolve("new.txt")).exists();
        assertThat(copy.resolve("x.log")).doesNotExist();
        assertThat(copy.resolve("gone.txt")).doesNotExist();
        assertThat(Files.isSymbolicLink(copy.resolve("link"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("run.sh"))))
                .startsWith("rwx");
        Files.writeString(copy.resolve("src/a.txt"), "changed by a step");
        assertThat(Files.isSameFile(copy.resolve("src/a.txt"), repo.resolve("src/a.txt"))).isFalse();
        assertThat(repo.resolve("src/a.txt")).hasContent("tracked");
        Workspace two = ws.create(action(List.of("WorkflowSource"), List.of()), tmp.resolve("run/work/Two"));
        assertThat(two.inputs().get("WorkflowSource").resolve("src/a.txt")).hasContent("tracked");
        ws.release(one);
        ws.close();
        assertThat(tmp.resolve("run/work/One")).doesNotExist();
    }

    @Test
    void artifactOnlyActionsGetNoSourceAndBindUsesTheLiveFolder() throws Exception {
        Path repo = gitRepo();
        SourceRepository src = SourceRepository.of(repo.resolve(".codecatalyst/workflows/w.yaml"));
        SourceWorkspaces copies = new SourceWorkspaces(src, new TreeCopy(pool, 2), false, false);
        assertThat(copies.create(action(List.of(), List.of("ART")), tmp.resolve("w1")).inputs()).isEmpty();
        Workspace none = copies.create(action(List.of(), List.of()), tmp.resolve("w0"));
        assertThat(none.inputs()).containsKey("WorkflowSource");
        SourceWorkspaces bind = new SourceWorkspaces(src, new TreeCopy(pool, 2), true, false);
        Workspace live = bind.create(action(List.of("WorkflowSource"), List.of()), tmp.resolve("w2"));
        assertThat(live.inputs().get("WorkflowSource")).isEqualTo(src.root());
        assertThat(live.live()).isTrue();
        bind.release(live);
        assertThat(repo.resolve("src/a.txt")).exists();
    }

    @Test
    void keepLeavesWorkspaces() throws Exception {
        Path repo = gitRepo();
        SourceRepository src = SourceRepository.of(repo.resolve(".codecatalyst/workflows/w.yaml"));
        SourceWorkspaces ws = new SourceWorkspaces(src, new TreeCopy(pool, 2), false, true);
        Workspace w = ws.create(action(List.of("WorkflowSource"), List.of()), tmp.resolve("w"));
        ws.release(w);
        assertThat(w.inputs().get("WorkflowSource").resolve("src/a.txt")).exists();
    }

    @Test
    void nonGitFolderCopiesEverythingButRunRecords() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain/.codecatalyst/workflows"));
        Files.writeString(dir.resolve("w.yaml"), "Name: x");
        Files.writeString(Files.createDirectories(tmp.resolve("plain/lib")).resolve("x.log"), "kept");
        Files.writeString(Files.createDirectories(tmp.resolve("plain/.gantry/runs")).resolve("r"), "no");
        SourceRepository src = SourceRepository.of(dir.resolve("w.yaml"));
        assertThat(src.git()).isFalse();
        assertThat(src.root()).isEqualTo(tmp.resolve("plain"));
        assertThat(src.files()).containsExactlyInAnyOrder(".codecatalyst/workflows/w.yaml", "lib/x.log");
        assertThat(src.state().commitId()).isNull();
    }

    @Test
    void manyFilesAreCopiedInParallelBatches() throws Exception {
        Path from = Files.createDirectories(tmp.resolve("many"));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String name = "d" + (i % 7) + "/f" + i + ".txt";
            Files.createDirectories(from.resolve(name).getParent());
            Files.writeString(from.resolve(name), "content " + i);
            names.add(name);
        }
        new TreeCopy(pool, 2).copy(from, names, tmp.resolve("to"));
        for (String n : names) {
            assertThat(tmp.resolve("to").resolve(n)).hasSameTextualContentAs(from.resolve(n));
        }
    }

    @Test
    void releaseRemovesReadOnlyFolders() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("ro/sub"));
        Files.writeString(root.resolve("f"), "x");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        FolderTrees.deleteTree(tmp.resolve("ro"));
        assertThat(tmp.resolve("ro")).doesNotExist();
    }

    /**
     * A copy an action is done with becomes the next action's workspace: whatever the steps did to it, the next
     * action finds exactly what a fresh copy holds (same names, kinds, contents, permissions, times and link targets),
     * the source untouched, and unchanged files are not made again (their inodes are the same).
     */
    @Nested
    class Recycling {
        private SourceWorkspaces copies(SourceRepository src) {
            return new SourceWorkspaces(src, new TreeCopy(pool, 2), false, false);
        }

        private SourceRepository repo() throws Exception {
            Path repo = Files.createDirectories(tmp.resolve("repo"));
            sh(repo, "git init -q -b main . && git config user.email t@t && git config user.name t"
                    + " && mkdir -p .codecatalyst/workflows src/deep/er docs && echo 'Name: x' > .codecatalyst/workflows/w.yaml"
                    + " && echo tracked > src/a.txt && echo bee > src/b.txt && echo deep > src/deep/er/c.txt"
                    + " && printf '#!/bin/sh\\necho hi\\n' > run.sh && chmod +x run.sh && echo guide > docs/guide.md"
                    + " && ln -s src/a.txt link && git add -A && git commit -qm init && touch -d '2020-01-02' src/b.txt");
            return SourceRepository.of(repo.resolve(".codecatalyst/workflows/w.yaml"));
        }

        private static Workspace create(SourceWorkspaces ws, Path dir) throws Exception {
            return ws.create(action(List.of("WorkflowSource"), List.of()), dir);
        }

        /** What a user can see of a tree: each entry's kind, permissions, content or link target, file times. */
        static Map<String, String> fingerprint(Path root) throws IOException {
            Map<String, String> out = new TreeMap<>();
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String rel = root.relativize(p).toString();
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    if (Files.isSymbolicLink(p)) {
                        out.put(rel, "link -> " + Files.readSymbolicLink(p));
                    } else if (Files.isDirectory(p)) {
                        out.put(rel, "dir " + perms);
                    } else {
                        out.put(rel, "file " + perms + " " + Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS) + " "
                                + Files.readString(p));
                    }
                }
            }
            return out;
        }

        private static Object inode(Path p) throws IOException {
            return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        }

        @Test
        void theNextActionFindsAFreshCopyWhateverTheStepsDidAndUnchangedFilesAreNotMadeAgain() throws Exception {
            SourceRepository src = repo();
            Map<String, String> pristine = fingerprint(src.root().resolve("src"));
            SourceWorkspaces ws = copies(src);
            Workspace one = create(ws, tmp.resolve("run/work/One"));
            Path copy1 = one.inputs().get("WorkflowSource");
            Map<String, String> fresh = fingerprint(copy1);
            Object untouched = inode(copy1.resolve("docs/guide.md"));
            Files.createDirectories(tmp.resolve("outside"));
            Files.writeString(tmp.resolve("outside/secret"), "not yours");
            // what steps do to their copy
            sh(copy1, "echo changed > src/a.txt"                                   // same size, new content
                    + " && touch -r ../../../../repo/src/a.txt src/a.txt"             // ... and its old time back
                    + " && chmod 600 src/b.txt && rm src/deep/er/c.txt && rm -rf src/deep/er"
                    + " && mkdir -p build/out && echo artefact > build/out/app.jar && echo extra > src/extra.txt"
                    + " && rm link && ln -s ../../../../outside link"                  // a link pointing elsewhere
                    + " && rm run.sh && mkdir run.sh && chmod 700 docs && mkdir -p .git && echo x > .git/HEAD");
            Files.writeString(one.root().resolve("beside-the-copy.txt"), "a hook's file");
            ws.release(one);
            assertThat(tmp.resolve("run/work/One")).doesNotExist();

            Workspace two = create(ws, tmp.resolve("run/work/Two"));
            Path copy2 = two.inputs().get("WorkflowSource");
            assertThat(copy2).isEqualTo(tmp.resolve("run/work/Two/WorkflowSource"));
            assertThat(fingerprint(copy2)).isEqualTo(fresh);
            assertThat(Files.list(two.root()).map(p -> p.getFileName().toString())).containsExactly("WorkflowSource");
            assertThat(inode(copy2.resolve("docs/guide.md"))).as("an unchanged file is kept, not copied again")
                    .isEqualTo(untouched);
            assertThat(tmp.resolve("outside/secret")).hasContent("not yours");
            assertThat(fingerprint(src.root().resolve("src"))).isEqualTo(pristine);
            ws.release(two);
            ws.close();
            assertThat(tmp.resolve("run/work")).isEmptyDirectory();
        }

        @Test
        void aSourceFileChangedDuringTheRunIsCopiedAgainEvenWithItsSizeAndTimeKept() throws Exception {
            SourceRepository src = repo();
            SourceWorkspaces ws = copies(src);
            Workspace one = create(ws, tmp.resolve("w/One"));
            ws.release(one);
            Path a = src.root().resolve("src/a.txt");
            sh(src.root(), "cp -p src/a.txt ../keep-time && echo CHANGED > src/a.txt && touch -r ../keep-time src/a.txt");
            Workspace two = create(ws, tmp.resolve("w/Two"));
            assertThat(two.inputs().get("WorkflowSource").resolve("src/a.txt")).hasContent("CHANGED");
            assertThat(a).hasContent("CHANGED");
            ws.release(two);
            ws.close();
        }

        /**
         * A step that rewrites a file at once with the same size and puts its time back. Where file times are coarse (one
         * clock tick), this is the change only a byte comparison finds; here ctimes are fine-grained, so the stamps
         * already differ.
         */
        @Test
        void aFileRewrittenAtOnceWithItsSizeAndTimeKeptIsCopiedAgain() throws Exception {
            SourceRepository src = repo();
            SourceWorkspaces ws = copies(src);
            for (int round = 0; round < 20; round++) {
                Workspace w = create(ws, tmp.resolve("w/A" + round));
                Path f = w.inputs().get("WorkflowSource").resolve("src/b.txt");
                assertThat(f).as("round " + round).hasContent("bee");
                // at once, as a fast step would: same size, same times
                var time = Files.getLastModifiedTime(f);
                Files.writeString(f, "BEE\n");
                Files.setLastModifiedTime(f, time);
                ws.release(w);
            }
            ws.close();
        }

        @Test
        void keptOrLiveWorkspacesAreNeverRecycled() throws Exception {
            SourceRepository src = repo();
            SourceWorkspaces keep = new SourceWorkspaces(src, new TreeCopy(pool, 2), false, true);
            Workspace one = create(keep, tmp.resolve("k/One"));
            keep.release(one);
            Workspace two = create(keep, tmp.resolve("k/Two"));
            assertThat(one.root().resolve("WorkflowSource/src/a.txt")).exists();
            assertThat(two.root().resolve("WorkflowSource/src/a.txt")).exists();
            keep.close();
            assertThat(tmp.resolve("k/One/WorkflowSource/src/a.txt")).exists();
        }
    }
}
