package dev.gantry.scm.git;

import dev.gantry.engine.trigger.ChangedFiles;
import dev.gantry.engine.trigger.PullRequestAction;
import dev.gantry.engine.trigger.PullRequestEvent;
import dev.gantry.engine.trigger.PushEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mirror against real repositories made with the git command line (bare origin, pushes, force pushes). */
class RepositoryMirrorTest {
    private static final String WORKFLOW = ".codecatalyst/workflows/build.yaml";

    @TempDir
    Path dir;
    private GitRepos repos;

    @BeforeEach
    void setUp() throws Exception {
        repos = new GitRepos(dir);
    }

    private RepositoryMirror mirror(String url) throws ScmException {
        return RepositoryMirror.open(MirrorSettings.of(url, dir.resolve("data/mirror.git")));
    }

    @Test
    void tellsEachKindOfBranchMoveBetweenFetches() throws Exception {
        String first = repos.commit("first", WORKFLOW, "Name: Build\n", "src/a.c", "a\n");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            FetchOutcome initial = mirror.fetch();
            assertThat(initial.moves()).containsExactly(new BranchMove("main", null, first, BranchMove.Kind.CREATED));
            assertThat(initial.heads()).containsExactly(new BranchHead("main", first));
            assertThat(mirror.defaultBranch()).hasValue("main");

            // nothing pushed: nothing moved
            assertThat(mirror.fetch().moves()).isEmpty();

            // a fast-forward, a new branch
            String second = repos.commit("second", "src/b.c", "b\n");
            repos.git("push", "-q", "origin", "main");
            repos.git("checkout", "-q", "-b", "feature");
            String feature = repos.commit("feature", "docs/x.md", "x\n");
            repos.git("push", "-q", "origin", "feature");
            FetchOutcome moved = mirror.fetch();
            assertThat(moved.moves()).containsExactly(
                    new BranchMove("feature", null, feature, BranchMove.Kind.CREATED),
                    new BranchMove("main", first, second, BranchMove.Kind.FAST_FORWARD));
            PushEvent push = mirror.pushEvent(moved.moves().get(1));
            assertThat(push.changedFiles()).isEqualTo(ChangedFiles.of(List.of("src/b.c")));
            assertThat(push.forced()).isFalse();
            // a new branch: what it brings since its merge base with the default branch
            PushEvent created = mirror.pushEvent(moved.moves().get(0));
            assertThat(created.created()).isTrue();
            assertThat(created.changedFiles()).isEqualTo(ChangedFiles.of(List.of("docs/x.md")));

            // a force push rewriting main, and a deleted branch
            repos.git("checkout", "-q", "main");
            repos.git("reset", "-q", "--hard", first);
            String rewritten = repos.commit("rewritten", "src/a.c", "a2\n");
            repos.git("push", "-q", "-f", "origin", "main");
            repos.git("push", "-q", "origin", "--delete", "feature");
            FetchOutcome rewrite = mirror.fetch();
            assertThat(rewrite.moves()).containsExactly(
                    new BranchMove("feature", feature, null, BranchMove.Kind.DELETED),
                    new BranchMove("main", second, rewritten, BranchMove.Kind.FORCED));
            PushEvent forced = mirror.pushEvent(rewrite.moves().get(1));
            assertThat(forced.forced()).isTrue();
            // the old head's tree against the new: b.c is gone, a.c changed
            assertThat(forced.changedFiles().paths()).containsExactly("src/a.c", "src/b.c");
            PushEvent deleted = mirror.pushEvent(rewrite.moves().get(0));
            assertThat(deleted.deleted()).isTrue();
            assertThat(rewrite.heads()).containsExactly(new BranchHead("main", rewritten));
        }
    }

    @Test
    void aPushToARepositoryOnThisMachineIsCopiedObjectByObjectAndABigOneComesAsAPack() throws Exception {
        repos.commit("first", WORKFLOW, "Name: Build\n");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            mirror.fetch(); // the first fetch: one pack over the transport
            assertThat(mirror.packCount()).isEqualTo(1);
            int loose = mirror.looseObjectCount();

            // a push: its commit, trees and blob copied as loose objects, no pack written
            String second = repos.commit("second", WORKFLOW, "Name: Build2\n", "src/b.c", "b\n");
            repos.git("push", "-q", "origin", "main");
            assertThat(mirror.fetch().heads()).containsExactly(new BranchHead("main", second));
            assertThat(mirror.packCount()).isEqualTo(1);
            assertThat(mirror.looseObjectCount()).isGreaterThan(loose);
            assertThat(mirror.workflowFiles(second).get(0).text()).isEqualTo("Name: Build2\n");
            // loose objects reach the disk before the branch names them (git itself reads the setting)
            Process config = new ProcessBuilder("git", "--git-dir", dir.resolve("data/mirror.git").toString(),
                    "config", "--bool", "core.fsyncObjectFiles").redirectErrorStream(true).start();
            assertThat(new String(config.getInputStream().readAllBytes()).strip()).isEqualTo("true");

            // more objects than a copy takes: fetched as a pack, and readable all the same
            String[] files = new String[2 * (RepositoryMirror.LOCAL_COPY_MAX_OBJECTS + 10)];
            for (int i = 0; i < files.length; i += 2) {
                files[i] = "many/f" + i + ".txt";
                files[i + 1] = "file " + i + "\n";
            }
            String big = repos.commit("big", files);
            repos.git("push", "-q", "origin", "main");
            assertThat(mirror.fetch().moves()).containsExactly(new BranchMove("main", second, big,
                    BranchMove.Kind.FAST_FORWARD));
            assertThat(mirror.packCount()).isEqualTo(2);
            assertThat(mirror.changedFiles(second, big).paths()).hasSize(RepositoryMirror.LOCAL_COPY_MAX_OBJECTS + 10);
        }
    }

    @Test
    void compactionJoinsPacksAndLooseObjectsWhenDueAndKeepsEverythingReadable() throws Exception {
        repos.commit("first", WORKFLOW, "Name: Build\n");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror("file://" + repos.origin)) {
            mirror.fetch();
            String last = null;
            for (int i = 0; i < 3; i++) {
                last = repos.commit("c" + i, "src/f" + i, "x" + i + "\n");
                repos.git("push", "-q", "origin", "main");
                mirror.fetch();
            }
            int loose = mirror.looseObjectCount();
            assertThat(loose).isBetween(9, 49); // three commits, their trees and blobs
            // not due: under the thresholds, or not quiet for long enough
            assertThat(mirror.compactIfDue(10, 1000, Duration.ZERO)).isZero();
            assertThat(mirror.compactIfDue(1, 5, Duration.ofHours(1))).isZero();
            // due: quiet and over the thresholds
            assertThat(mirror.compactIfDue(1, 5, Duration.ZERO)).isEqualTo(1 + loose);
            assertThat(mirror.packCount()).isEqualTo(1);
            assertThat(mirror.looseObjectCount()).isZero();
            assertThat(mirror.readFile(last, "src/f2")).map(RepositoryFile::text).hasValue("x2\n");
            assertThat(mirror.workflowFiles(last).get(0).text()).isEqualTo("Name: Build\n");
            // and fetching goes on after it
            String after = repos.commit("after", "src/g", "g\n");
            repos.git("push", "-q", "origin", "main");
            assertThat(mirror.fetch().heads()).containsExactly(new BranchHead("main", after));
        }
    }

    @Test
    void workflowTreeNamesEachFileByItsBlobSoAnUnchangedFileKeepsItsId() throws Exception {
        String first = repos.commit("first", WORKFLOW, "Name: Build\n", ".codecatalyst/workflows/t.yaml", "Name: T\n");
        String second = repos.commit("second", WORKFLOW, "Name: Build2\n");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            mirror.fetch();
            List<TreeFile> a = mirror.workflowTree(first);
            List<TreeFile> b = mirror.workflowTree(second);
            assertThat(a).extracting(TreeFile::path).containsExactly(WORKFLOW, ".codecatalyst/workflows/t.yaml");
            assertThat(a.get(0).blobId()).isNotEqualTo(b.get(0).blobId());
            assertThat(a.get(1)).isEqualTo(b.get(1));
            assertThat(mirror.read(b.get(0)).text()).isEqualTo("Name: Build2\n");
        }
    }

    @Test
    void keepsOnlyTheConfiguredBranches() throws Exception {
        repos.commit("first", "a", "a");
        repos.git("push", "-q", "origin", "main");
        repos.git("push", "-q", "origin", "main:release-1", "main:scratch");
        MirrorSettings settings = MirrorSettings.of(repos.origin.toString(), dir.resolve("m"))
                .withBranches(List.of("main", "release-.*"));
        try (RepositoryMirror mirror = RepositoryMirror.open(settings)) {
            assertThat(mirror.fetch().heads()).extracting(BranchHead::branch).containsExactly("main", "release-1");
        }
    }

    @Test
    void reopensAnExistingMirrorAndReportsOnlyWhatMovedSince() throws Exception {
        String first = repos.commit("first", "a", "a");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            mirror.fetch();
        }
        String second = repos.commit("second", "b", "b");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror("file://" + repos.origin)) {
            assertThat(mirror.fetch().moves())
                    .containsExactly(new BranchMove("main", first, second, BranchMove.Kind.FAST_FORWARD));
        }
    }

    @Test
    void readsWorkflowFilesAtACommitWithoutACheckout() throws Exception {
        String first = repos.commit("first", WORKFLOW, "Name: Build\n",
                ".codecatalyst/workflows/deploy/prod.yml", "Name: Prod\n",
                ".codecatalyst/workflows/notes.txt", "not a workflow",
                "README.md", "hi");
        repos.commit("second", WORKFLOW, "Name: Build2\n");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            mirror.fetch();
            assertThat(mirror.workflowFiles(first)).extracting(RepositoryFile::path)
                    .containsExactly(WORKFLOW, ".codecatalyst/workflows/deploy/prod.yml");
            assertThat(mirror.workflowFiles(first).get(0).text()).isEqualTo("Name: Build\n");
            assertThat(mirror.workflowFiles("main").get(0).text()).isEqualTo("Name: Build2\n");
            assertThat(mirror.readFile(first, "README.md").orElseThrow().text()).isEqualTo("hi");
            assertThat(mirror.readFile(first, "missing")).isEmpty();
            assertThat(mirror.resolve(first.substring(0, 10))).hasValue(first);
            assertThatThrownBy(() -> mirror.workflowFiles("0123456789abcdef0123456789abcdef01234567"))
                    .isInstanceOf(ScmException.class).hasMessageContaining("no commit '0123456789");
        }
        assertThat(Files.exists(dir.resolve("data/mirror.git/HEAD"))).isTrue();
        assertThat(Files.exists(dir.resolve("data/mirror.git/.codecatalyst"))).as("no checkout").isFalse();
    }

    @Test
    void refusesOversizedAndTooManyWorkflowFiles() throws Exception {
        repos.commit("big", WORKFLOW, "x".repeat(2000), ".codecatalyst/workflows/b.yaml", "b");
        repos.git("push", "-q", "origin", "main");
        MirrorSettings small = MirrorSettings.of(repos.origin.toString(), dir.resolve("m")).withLimits(1000, 10, 1 << 20);
        try (RepositoryMirror mirror = RepositoryMirror.open(small)) {
            mirror.fetch();
            assertThatThrownBy(() -> mirror.workflowFiles("main")).isInstanceOf(ScmException.class)
                    .hasMessage(WORKFLOW + " is 2000 bytes; Gantry reads workflow files of at most 1000 bytes");
        }
        MirrorSettings few = MirrorSettings.of(repos.origin.toString(), dir.resolve("m2")).withLimits(1 << 20, 1, 1 << 20);
        try (RepositoryMirror mirror = RepositoryMirror.open(few)) {
            mirror.fetch();
            assertThatThrownBy(() -> mirror.workflowFiles("main")).isInstanceOf(ScmException.class)
                    .hasMessageContaining("more than 1 workflow files");
        }
    }

    @Test
    void pullRequestChangesAreCountedFromTheMergeBase() throws Exception {
        repos.commit("base", "src/a.c", "a");
        repos.git("push", "-q", "origin", "main");
        repos.git("checkout", "-q", "-b", "feat");
        String head = repos.commit("feature work", "src/feature.c", "f");
        repos.git("push", "-q", "origin", "feat");
        repos.git("checkout", "-q", "main");
        repos.commit("main moves on", "docs/unrelated.md", "u");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            mirror.fetch();
            PullRequestEvent pr = mirror.complete(new PullRequestEvent("1", EnumSet.of(PullRequestAction.OPEN),
                    "feat", "main", null, ChangedFiles.unknown()));
            assertThat(pr.sourceCommit()).isEqualTo(head);
            // not docs/unrelated.md, which only main changed
            assertThat(pr.changedFiles()).isEqualTo(ChangedFiles.of(List.of("src/feature.c")));
        }
    }

    @Test
    void completesAWebhookPushFromTheMirror() throws Exception {
        String a = repos.commit("a", "x", "1");
        repos.git("push", "-q", "origin", "main");
        String b = repos.commit("b", "y", "2");
        repos.git("push", "-q", "origin", "main");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            mirror.fetch();
            PushEvent done = mirror.complete(PushEvent.of("main", a, b, false));
            assertThat(done.changedFiles()).isEqualTo(ChangedFiles.of(List.of("y")));
            assertThat(mirror.complete(PushEvent.of("main", b, a, false)).forced()).isTrue();
        }
    }

    @Test
    void materializesAWorkspaceFromACommit() throws Exception {
        repos.commit("files", "run.sh", "#!/bin/sh\necho hi\n", "src/a.txt", "a");
        repos.git("update-index", "--chmod=+x", "run.sh");
        repos.git("commit", "-q", "-m", "exec");
        Files.createSymbolicLink(repos.work.resolve("link"), Path.of("src/a.txt"));
        repos.git("add", "link");
        String commit = repos.commit("link");
        repos.git("push", "-q", "origin", "main");
        // a developer's uncommitted change is never part of a workspace
        Files.writeString(repos.work.resolve("src/a.txt"), "dirty");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            mirror.fetch();
            Path ws = dir.resolve("ws");
            mirror.materialize(commit, ws);
            assertThat(Files.readString(ws.resolve("src/a.txt"))).isEqualTo("a");
            assertThat(Files.getPosixFilePermissions(ws.resolve("run.sh"))).contains(PosixFilePermission.OWNER_EXECUTE);
            assertThat(Files.getPosixFilePermissions(ws.resolve("src/a.txt")))
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
            assertThat(Files.readSymbolicLink(ws.resolve("link"))).isEqualTo(Path.of("src/a.txt"));
            assertThat(ws.resolve(".git")).doesNotExist();
            assertThatThrownBy(() -> mirror.materialize(commit, ws)).isInstanceOf(ScmException.class)
                    .hasMessageContaining("is not empty");
        }
        MirrorSettings tiny = MirrorSettings.of(repos.origin.toString(), dir.resolve("m2")).withLimits(1 << 20, 10, 5);
        try (RepositoryMirror mirror = RepositoryMirror.open(tiny)) {
            mirror.fetch();
            assertThatThrownBy(() -> mirror.materialize(commit, dir.resolve("ws2"))).isInstanceOf(ScmException.class)
                    .hasMessageContaining("the workspace limit stopped it");
        }
    }

    @Test
    void anUnreachableRepositoryIsAMessageWithoutThePassword() throws Exception {
        try (RepositoryMirror mirror = mirror("https://ci:s3cr3t-token@127.0.0.1:1/team/app.git")) {
            assertThatThrownBy(mirror::fetch).isInstanceOf(ScmException.class)
                    .hasMessageStartingWith("cannot fetch https://ci@127.0.0.1:1/team/app.git")
                    .hasMessageNotContaining("s3cr3t-token");
        }
        assertThat(Files.readString(dir.resolve("data/mirror.git/config"))).as("the URL without its password")
                .contains("https://ci@127.0.0.1:1/team/app.git").doesNotContain("s3cr3t-token");
    }

    @Test
    void aFolderThatIsNotAMirrorIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("busy"));
        Files.writeString(dir.resolve("busy/file"), "x");
        assertThatThrownBy(() -> RepositoryMirror.open(MirrorSettings.of(repos.origin.toString(), dir.resolve("busy"))))
                .isInstanceOf(ScmException.class).hasMessageContaining("is not empty and holds no git repository");
        assertThatThrownBy(() -> RepositoryMirror.open(MirrorSettings.of(repos.origin.toString(), dir.resolve("m"))
                .withBranches(List.of("release/*[")))).isInstanceOf(ScmException.class)
                .hasMessageContaining("is not a regular expression");
    }

    /**
     * ssh:// through the configured client. A stand-in for ssh (this machine has no sshd for the scm tests) runs
     * the command JGit asks for locally, so the URL parsing, the client's arguments and git's real upload-pack
     * protocol are exercised; only the network hop is not.
     */
    @Test
    void fetchesOverSshThroughTheConfiguredClient() throws Exception {
        String first = repos.commit("first", "a", "a");
        repos.git("push", "-q", "origin", "main");
        Path fakeSsh = dir.resolve("fake-ssh");
        Path argsLog = dir.resolve("ssh-args");
        Files.writeString(fakeSsh, "#!/bin/bash\nprintf '%s\\n' \"$@\" > " + argsLog + "\n"
                + "for last; do :; done\nexec bash -c \"$last\"\n");
        fakeSsh.toFile().setExecutable(true);
        MirrorSettings settings = MirrorSettings.of("ssh://ci@git.example.com:2222" + repos.origin,
                dir.resolve("m")).withSshProgram(fakeSsh.toString());
        try (RepositoryMirror mirror = RepositoryMirror.open(settings)) {
            assertThat(mirror.fetch().heads()).containsExactly(new BranchHead("main", first));
        }
        assertThat(Files.readAllLines(argsLog)).containsSubsequence("-o", "BatchMode=yes", "-p", "2222",
                "ci@git.example.com");
    }

    @Test
    void anSshRefusalIsInTheMessage() throws Exception {
        Path deniedSsh = dir.resolve("denied-ssh");
        Files.writeString(deniedSsh, "#!/bin/bash\necho 'ci@git.example.com: Permission denied (publickey).' >&2\n"
                + "exit 255\n");
        deniedSsh.toFile().setExecutable(true);
        MirrorSettings settings = MirrorSettings.of("ssh://ci@git.example.com/repo.git", dir.resolve("m"))
                .withSshProgram(deniedSsh.toString());
        try (RepositoryMirror mirror = RepositoryMirror.open(settings)) {
            assertThatThrownBy(mirror::fetch).isInstanceOf(ScmException.class)
                    .hasMessageStartingWith("cannot fetch ssh://ci@git.example.com/repo.git: ")
                    .hasMessageContaining("Permission denied (publickey)");
        }
    }

    @Test
    void aFetchPastItsTimeLimitIsStopped() throws Exception {
        Path slowSsh = dir.resolve("slow-ssh");
        Files.writeString(slowSsh, "#!/bin/bash\nexec sleep 30\n");
        slowSsh.toFile().setExecutable(true);
        MirrorSettings settings = MirrorSettings.of("ssh://git.example.com/repo.git", dir.resolve("m"))
                .withSshProgram(slowSsh.toString()).withFetchTimeout(Duration.ofSeconds(2));
        try (RepositoryMirror mirror = RepositoryMirror.open(settings)) {
            long start = System.nanoTime();
            assertThatThrownBy(mirror::fetch).isInstanceOf(ScmException.class)
                    .hasMessageContaining("took longer than 2 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        }
    }

    @Test
    void fetchesOverHttpWithTheUrlsCredentialsAndWritesThemNowhere() throws Exception {
        String first = repos.commit("first", WORKFLOW, "Name: Build\n");
        repos.git("push", "-q", "origin", "main");
        try (SmartHttpGitServer http = new SmartHttpGitServer(dir, "ci", "t0ken-9f2")) {
            String url = http.url("origin.git").replace("http://", "http://ci:t0ken-9f2@");
            try (RepositoryMirror mirror = mirror(url)) {
                assertThat(mirror.fetch().heads()).containsExactly(new BranchHead("main", first));
                assertThat(mirror.workflowFiles(first)).hasSize(1);
            }
            assertThat(Files.readString(dir.resolve("data/mirror.git/config"))).contains("http://ci@127.0.0.1:")
                    .doesNotContain("t0ken-9f2");
            try (RepositoryMirror wrong = RepositoryMirror.open(MirrorSettings.of(
                    http.url("origin.git").replace("http://", "http://ci:wrong-pass@"), dir.resolve("m2")))) {
                assertThatThrownBy(wrong::fetch).isInstanceOf(ScmException.class)
                        .hasMessageStartingWith("cannot fetch http://ci@127.0.0.1:")
                        .hasMessageNotContaining("wrong-pass");
            }
        }
    }

    @Test
    void anEmptyRepositoryHasNoBranchesUntilTheFirstPush() throws Exception {
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            assertThat(mirror.fetch()).isEqualTo(new FetchOutcome(List.of(), List.of()));
            assertThat(mirror.defaultBranch()).isEmpty();
            String first = repos.commit("first", "a", "a");
            repos.git("push", "-q", "origin", "main");
            BranchMove created = mirror.fetch().moves().get(0);
            assertThat(created).isEqualTo(new BranchMove("main", null, first, BranchMove.Kind.CREATED));
            // the first push of the default branch: every file changed
            assertThat(mirror.pushEvent(created).changedFiles()).isEqualTo(ChangedFiles.of(List.of("a")));
        }
    }

    /** A pull request from a fork: its commit is only under the provider's pull ref, on no branch. */
    @Test
    void fetchesAPullRequestRefThatIsOnNoBranch() throws Exception {
        repos.commit("base", "src/a.c", "a");
        repos.git("push", "-q", "origin", "main");
        repos.git("checkout", "-q", "-b", "fork-work");
        String forkHead = repos.commit("from a fork", "src/fork.c", "f");
        repos.git("push", "-q", "origin", "HEAD:refs/pull/7/head");
        try (RepositoryMirror mirror = mirror(repos.origin.toString())) {
            mirror.fetch();
            assertThat(mirror.resolve(forkHead)).isEmpty();
            String ref = dev.gantry.scm.webhook.WebhookProvider.GITHUB.pullRequestRef("7").orElseThrow();
            assertThat(mirror.fetchRef(ref)).isEqualTo(forkHead);
            PullRequestEvent pr = mirror.complete(new PullRequestEvent("7", EnumSet.of(PullRequestAction.REVISION),
                    "fork-work", "main", forkHead, ChangedFiles.unknown()));
            assertThat(pr.changedFiles()).isEqualTo(ChangedFiles.of(List.of("src/fork.c")));
            assertThat(mirror.workflowFiles(forkHead)).isEmpty();
            assertThat(mirror.branches()).extracting(BranchHead::branch).containsExactly("main");
            assertThatThrownBy(() -> mirror.fetchRef("refs/pull/8/head")).isInstanceOf(ScmException.class)
                    .hasMessageContaining("does not have refs/pull/8/head");
            assertThatThrownBy(() -> mirror.fetchRef("refs/heads/main")).isInstanceOf(ScmException.class)
                    .hasMessageContaining("is not a ref to fetch");
        }
    }
}
