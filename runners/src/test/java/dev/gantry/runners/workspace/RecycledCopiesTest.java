package dev.gantry.runners.workspace;

import dev.gantry.engine.run.Workspace;
import org.junit.jupiter.api.AfterEach;
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

import static dev.gantry.runners.workspace.SourceWorkspacesTest.action;
import static dev.gantry.runners.workspace.SourceWorkspacesTest.sh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy an action is done with becomes the next action's workspace: whatever the steps did to it, the next action
 * finds exactly what a fresh copy holds (same names, kinds, contents, permissions, times and link targets), the
 * source untouched, and unchanged files are not made again (their inodes are the same).
 */
class RecycledCopiesTest {
    @TempDir
    Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
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
        SourceWorkspaces ws = new SourceWorkspaces(src, new TreeCopy(pool, 2), false, false);
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
        SourceWorkspaces ws = new SourceWorkspaces(src, new TreeCopy(pool, 2), false, false);
        Workspace one = create(ws, tmp.resolve("w/One"));
        ws.release(one);
        Path a = src.root().resolve("src/a.txt");
        sh(src.root(), "cp -p src/a.txt /tmp/keep-time.$$ && echo CHANGED > src/a.txt && touch -r /tmp/keep-time.$$"
                + " src/a.txt && rm /tmp/keep-time.$$");
        Workspace two = create(ws, tmp.resolve("w/Two"));
        assertThat(two.inputs().get("WorkflowSource").resolve("src/a.txt")).hasContent("CHANGED");
        assertThat(a).hasContent("CHANGED");
        ws.release(two);
        ws.close();
    }

    @Test
    void aChangeInTheSameClockTickAsTheCopyIsFoundByContent() throws Exception {
        SourceRepository src = repo();
        SourceWorkspaces ws = new SourceWorkspaces(src, new TreeCopy(pool, 2), false, false);
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
