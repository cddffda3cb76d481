package dev.gantry.scm.git;

import dev.gantry.engine.trigger.ChangedFiles;
import dev.gantry.engine.trigger.PullRequestEvent;
import dev.gantry.engine.trigger.PushEvent;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A bare copy of one repository, kept in a data folder and brought up to date by {@link #fetch()}: the server's
 * only view of a repository. It lists branches, tells how they moved between two fetches, reads workflow files at a
 * commit without a checkout, computes changed paths, and makes a run's workspace from a commit (never from anyone's
 * working tree). Every read is bounded ({@link MirrorSettings}).
 *
 * <p>Branches are fetched with {@code +refs/heads/*:refs/heads/*} and pruned, so the mirror's {@code refs/heads/}
 * are the remote's; those not matching {@link MirrorSettings#branches()} are not reported. Reads may run
 * concurrently with each other and with a fetch; fetches are one at a time.
 */
public final class RepositoryMirror implements AutoCloseable {
    /** Where a repository keeps its CodeCatalyst workflows (reference §8: sub-folders too). */
    public static final String WORKFLOWS_FOLDER = ".codecatalyst/workflows";
    private static final String HEADS = Constants.R_HEADS;
    /** JGit's {@code core.fsyncObjectFiles}: loose objects are fsynced as they are written. */
    static final String FSYNC_OBJECT_FILES = "fsyncObjectFiles";

    private final MirrorSettings settings;
    private final Repository repository;
    private final List<Pattern> branchPatterns;
    /** A mirror with more packs than this is compacted once no fetch came for {@link #COMPACT_WHEN_QUIET}. */
    public static final int COMPACT_ABOVE_PACKS = 10;
    /** A mirror with more loose objects than this is compacted once no fetch came for {@link #COMPACT_WHEN_QUIET}. */
    public static final int COMPACT_ABOVE_LOOSE = 1000;
    /** How long without a fetch counts as quiet. */
    public static final Duration COMPACT_WHEN_QUIET = Duration.ofSeconds(30);

    /** The most objects a fetch from a repository on this machine copies one by one (more: a pack). */
    static final int LOCAL_COPY_MAX_OBJECTS = 1000;
    /** The largest object so copied (larger: a pack). */
    static final long LOCAL_COPY_MAX_OBJECT_BYTES = 1 << 20;

    private final Object fetchLock = new Object();
    private LocalFetch local;
    private final Object compactLock = new Object();
    private volatile long lastFetchEnded = System.nanoTime();
    private final AtomicReference<Thread> runningFetch = new AtomicReference<>();

    private final GitHistory history;

    private RepositoryMirror(MirrorSettings settings, Repository repository) {
        this.settings = settings;
        this.repository = repository;
        this.branchPatterns = settings.branches().stream().map(Pattern::compile).toList();
        this.history = new GitHistory(repository, "the mirror of " + redacted(settings.url()) + " (fetch first?)",
                settings.maxFileBytes(), settings.maxFiles(), settings.maxCheckoutBytes(), this::resolve);
    }

    /**
     * Opens the mirror in {@link MirrorSettings#folder()}, creating an empty bare repository there on first use (no
     * network: the first {@link #fetch()} brings the branches, each reported as created).
     *
     * @throws ScmException when the folder holds something else than a repository, the URL is malformed, or a
     *                      {@code Branches} pattern is not a regular expression
     */
    public static RepositoryMirror open(MirrorSettings settings) throws ScmException {
        URIish uri = uri(settings.url());
        for (String p : settings.branches()) {
            try {
                Pattern.compile(p);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ScmException("branch pattern '" + p + "' is not a regular expression: "
                        + e.getDescription());
            }
        }
        Path folder = settings.folder();
        try {
            Repository repository;
            if (Files.isDirectory(folder.resolve("objects")) && Files.isRegularFile(folder.resolve("HEAD"))) {
                repository = new FileRepositoryBuilder().setGitDir(folder.toFile()).setMustExist(true).build();
            } else {
                if (Files.exists(folder) && !GitHistory.isEmptyFolder(folder)) {
                    throw new ScmException(folder + " is not empty and holds no git repository; give the mirror a "
                            + "folder of its own");
                }
                Files.createDirectories(folder);
                repository = Git.init().setBare(true).setGitDir(folder.toFile()).call().getRepository();
            }
            StoredConfig config = repository.getConfig();
            RemoteConfig remote = new RemoteConfig(config, "origin");
            for (URIish old : List.copyOf(remote.getURIs())) {
                remote.removeURI(old);
            }
            remote.addURI(uri.setPass(null));
            for (RefSpec old : List.copyOf(remote.getFetchRefSpecs())) {
                remote.removeFetchRefSpec(old);
            }
            remote.addFetchRefSpec(new RefSpec("+refs/heads/*:refs/heads/*"));
            remote.update(config);
            // No automatic gc after a fetch: JGit's would repack the whole mirror every ~50 fetches on the thread
            // pool of whoever fetches next, in the middle of a push's way to its run; compactIfDue() does it when
            // the mirror is quiet instead.
            config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
            config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOPACKLIMIT, 0);
            // the packs a compaction replaced go at once (JGit keeps them an hour by default; counted as packs, they
            // would make the next compaction due again). A reader with one open keeps reading it (POSIX), and JGit
            // looks again when a pack it knew is gone.
            config.setString(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_PRUNEPACKEXPIRE,
                    "now");
            // Objects reach the disk before a branch names them: LocalFetch copies a push's objects one by one as
            // loose objects, which JGit does not fsync by default (its packs it does); after a power loss a branch
            // must never point at an object that was not written.
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, FSYNC_OBJECT_FILES, true);
            config.save();
            return new RepositoryMirror(settings, repository);
        } catch (IOException | GitAPIException | URISyntaxException e) {
            throw new ScmException("cannot open the mirror of " + redacted(settings.url()) + " in " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    /** The settings this mirror was opened with. */
    public MirrorSettings settings() {
        return settings;
    }

    /**
     * Fetches every branch (pruning deleted ones) and says how the kept branches moved since the previous fetch.
     * Bounded by {@link MirrorSettings#fetchTimeout()}: past it the fetch is interrupted and this throws; a fetch
     * still winding down refuses the next one.
     *
     * @throws ScmException when the repository cannot be reached, refuses us, or takes too long
     */
    public FetchOutcome fetch() throws ScmException {
        synchronized (fetchLock) {
            try {
                Map<String, String> before = heads();
                if (!copiedLocally()) {
                    FetchResult fetched = boundedFetch(List.of(), true);
                    updateHead(fetched);
                }
                Map<String, String> after = heads();
                return new FetchOutcome(moves(before, after), toHeads(after));
            } finally {
                lastFetchEnded = System.nanoTime();
            }
        }
    }

    /**
     * For a repository on this machine, a push's few objects copied straight from its object database
     * ({@link LocalFetch}); {@code false} when that does not apply and the transport fetches.
     */
    private boolean copiedLocally() {
        if (local == null) {
            local = LocalFetch.open(settings.url()).orElse(null);
        }
        if (local == null) {
            return false;
        }
        try {
            return local.into(repository, LOCAL_COPY_MAX_OBJECTS, LOCAL_COPY_MAX_OBJECT_BYTES);
        } catch (IOException | RuntimeException e) {
            return false; // the transport fetches instead, and says what is wrong if something is
        }
    }

    /** How many pack files the mirror holds: each fetch that brings objects adds one; {@link #compact()} joins them. */
    public int packCount() {
        try (var files = Files.list(repository.getDirectory().toPath().resolve("objects").resolve("pack"))) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".pack")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** How many loose objects the mirror holds: a fetch from a repository on this machine adds a push's few. */
    public int looseObjectCount() {
        Path objects = repository.getDirectory().toPath().resolve("objects");
        int n = 0;
        try (var dirs = Files.newDirectoryStream(objects, d -> d.getFileName().toString().matches("[0-9a-f]{2}"))) {
            for (Path dir : dirs) {
                try (var files = Files.list(dir)) {
                    n += (int) files.count();
                }
            }
        } catch (IOException e) {
            return n;
        }
        return n;
    }

    /**
     * Compacts the mirror when it is due: when it holds more than {@link #COMPACT_ABOVE_PACKS} packs or
     * {@link #COMPACT_ABOVE_LOOSE} loose objects and no fetch ended in the last {@link #COMPACT_WHEN_QUIET}, or
     * ten times as many whatever the traffic. Returns the packs and loose objects it joined (0 when it was not
     * due).
     *
     * @throws ScmException when the repack fails (the mirror stays as it was: git writes the new pack first)
     */
    public int compactIfDue() throws ScmException {
        return compactIfDue(COMPACT_ABOVE_PACKS, COMPACT_ABOVE_LOOSE, COMPACT_WHEN_QUIET);
    }

    /** {@link #compactIfDue()} with other thresholds. */
    int compactIfDue(int abovePacks, int aboveLoose, Duration whenQuiet) throws ScmException {
        int packs = packCount();
        int loose = looseObjectCount();
        boolean quiet = System.nanoTime() - lastFetchEnded >= whenQuiet.toNanos();
        boolean many = packs > abovePacks || loose > aboveLoose;
        boolean tooMany = packs > 10 * abovePacks || loose > 10 * aboveLoose;
        if (tooMany || many && quiet) {
            compact();
            return packs + loose;
        }
        return 0;
    }

    /**
     * Repacks every object of the mirror into one pack (JGit's gc: unreachable objects younger than two weeks are
     * kept). Fetches and reads go on meanwhile (the old packs are removed only once the new one is in place); one
     * compaction at a time.
     *
     * @throws ScmException when the repack fails
     */
    public void compact() throws ScmException {
        synchronized (compactLock) {
            try (Git git = new Git(repository)) {
                git.gc().call();
            } catch (GitAPIException | RuntimeException e) {
                throw new ScmException("cannot compact the mirror of " + redacted(settings.url()) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Fetches one ref that is not a branch (a pull request from a fork: GitHub's and Gitea's
     * {@code refs/pull/N/head}, GitLab's {@code refs/merge-requests/N/head}; see
     * {@link dev.gantry.scm.webhook.WebhookProvider#pullRequestRef}) into the mirror's {@code refs/gantry/...}, so its
     * commit can be read and run; bounded like {@link #fetch()}.
     *
     * @return the commit the ref points at
     * @throws ScmException when the ref is malformed or missing, or the fetch fails
     */
    public String fetchRef(String remoteRef) throws ScmException {
        if (remoteRef == null || !remoteRef.startsWith("refs/") || remoteRef.startsWith(HEADS)
                || !org.eclipse.jgit.lib.Repository.isValidRefName(remoteRef) || remoteRef.length() > 256) {
            throw new ScmException("'" + remoteRef + "' is not a ref to fetch (refs/..., not a branch)");
        }
        String local = "refs/gantry/" + remoteRef.substring("refs/".length());
        synchronized (fetchLock) {
            FetchResult fetched = boundedFetch(List.of(new RefSpec("+" + remoteRef + ":" + local)), false);
            if (fetched.getAdvertisedRef(remoteRef) == null) {
                throw new ScmException(redacted(settings.url()) + " has no " + remoteRef);
            }
            try {
                Ref ref = repository.exactRef(local);
                if (ref == null || ref.getObjectId() == null) {
                    throw new ScmException(redacted(settings.url()) + " has no " + remoteRef);
                }
                return ref.getObjectId().name();
            } catch (IOException e) {
                throw new ScmException("cannot read " + local + ": " + e.getMessage(), e);
            }
        }
    }

    /** One fetch on a thread of its own, stopped past the time limit; a fetch still winding down refuses the next. */
    private FetchResult boundedFetch(List<RefSpec> specs, boolean prune) throws ScmException {
        Thread previous = runningFetch.get();
        if (previous != null && previous.isAlive()) {
            throw new ScmException("the previous fetch of " + redacted(settings.url())
                    + " is still winding down after its time limit; try again later");
        }
        AtomicReference<Object> result = new AtomicReference<>();
        Thread worker = new Thread(() -> result.set(fetchNow(specs, prune)), "gantry-fetch");
        worker.setDaemon(true);
        runningFetch.set(worker);
        worker.start();
        try {
            worker.join(settings.fetchTimeout().toMillis());
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new ScmException("interrupted while fetching " + redacted(settings.url()));
        }
        if (worker.isAlive()) {
            worker.interrupt();
            throw new ScmException("fetching " + redacted(settings.url()) + " took longer than "
                    + settings.fetchTimeout().toSeconds() + " s; it was stopped");
        }
        if (result.get() instanceof ScmException e) {
            throw e;
        }
        return (FetchResult) result.get();
    }

    private Object fetchNow(List<RefSpec> specs, boolean prune) {
        try (Git git = new Git(repository)) {
            URIish uri = uri(settings.url());
            var fetch = git.fetch().setRemote("origin").setRemoveDeletedRefs(prune)
                    .setTimeout((int) Math.max(1, settings.fetchTimeout().toSeconds()))
                    .setTransportConfigCallback(t -> {
                        if (t instanceof SshTransport ssh) {
                            ssh.setSshSessionFactory(new OpenSshSessionFactory(settings.sshProgram()));
                        }
                    });
            if (!specs.isEmpty()) {
                fetch.setRefSpecs(specs);
            }
            if (uri.getUser() != null && uri.getPass() != null) {
                fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(uri.getUser(), uri.getPass()));
            }
            return fetch.call();
        } catch (GitAPIException | RuntimeException | ScmException e) {
            return e instanceof ScmException s ? s : new ScmException("cannot fetch " + redacted(settings.url())
                    + ": " + redactedMessage(e), e);
        }
    }

    /** Points the mirror's HEAD where the remote's HEAD points (its default branch), when the remote says. */
    private void updateHead(FetchResult fetched) {
        Ref head = fetched.getAdvertisedRef(Constants.HEAD);
        if (head == null || !head.isSymbolic() || !head.getTarget().getName().startsWith(HEADS)) {
            return;
        }
        try {
            LocalFetch.linkHead(repository, head.getTarget().getName());
        } catch (IOException e) {
            // the default branch is a convenience; the fetched branches stand without it
        }
    }

    /** Every kept branch and its commit, sorted by name. */
    public List<BranchHead> branches() {
        return toHeads(heads());
    }

    /** The commit a kept branch is at. */
    public Optional<String> head(String branch) {
        return Optional.ofNullable(heads().get(branch));
    }

    /**
     * The repository's default branch: where the remote's HEAD points, else {@code main} or {@code master} when
     * the mirror has it.
     */
    public Optional<String> defaultBranch() {
        try {
            Ref head = repository.exactRef(Constants.HEAD);
            Map<String, String> heads = heads();
            if (head != null && head.isSymbolic()) {
                String name = head.getTarget().getName().substring(HEADS.length());
                if (heads.containsKey(name)) {
                    return Optional.of(name);
                }
            }
            return heads.containsKey("main") ? Optional.of("main")
                    : heads.containsKey("master") ? Optional.of("master") : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The full commit id {@code revision} names: a kept branch, or a (possibly abbreviated) commit id; nothing else
     * (no revision expressions: a revision may come from an API caller).
     */
    public Optional<String> resolve(String revision) {
        if (revision == null || revision.isBlank() || revision.length() > 256) {
            return Optional.empty();
        }
        String head = heads().get(revision);
        if (head != null) {
            return Optional.of(head);
        }
        return revision.matches("[0-9a-fA-F]{4,64}") ? history.resolveAny(revision) : Optional.empty();
    }

    /** Reading commits of the mirror (the methods below are shortcuts to it). */
    public GitHistory history() {
        return history;
    }

    /** Whether {@code ancestor} is reachable from {@code descendant} (a commit is its own ancestor). */
    public boolean isAncestor(String ancestor, String descendant) throws ScmException {
        return history.isAncestor(ancestor, descendant);
    }

    /** The best common ancestor of two commits, if they share history. */
    public Optional<String> mergeBase(String a, String b) throws ScmException {
        return history.mergeBase(a, b);
    }

    /** See {@link GitHistory#changedFiles}. */
    public ChangedFiles changedFiles(String from, String to) throws ScmException {
        return history.changedFiles(from, to);
    }

    /** See {@link GitHistory#changedSinceMergeBase}. */
    public ChangedFiles changedSinceMergeBase(String base, String head) throws ScmException {
        return history.changedSinceMergeBase(base, head);
    }

    /** See {@link GitHistory#readFile}. */
    public Optional<RepositoryFile> readFile(String commit, String path) throws ScmException {
        return history.readFile(commit, path);
    }

    /** See {@link GitHistory#workflowFiles}. */
    public List<RepositoryFile> workflowFiles(String commit) throws ScmException {
        return history.workflowFiles(commit);
    }

    /** See {@link GitHistory#workflowTree}. */
    public List<TreeFile> workflowTree(String commit) throws ScmException {
        return history.workflowTree(commit);
    }

    /** See {@link GitHistory#read(TreeFile)}. */
    public RepositoryFile read(TreeFile file) throws ScmException {
        return history.read(file);
    }

    /** See {@link GitHistory#materialize}. */
    public void materialize(String commit, Path target) throws ScmException {
        history.materialize(commit, target);
    }

    /** How a branch moved from {@code before} to {@code after} (either may be null: created, deleted). */
    public BranchMove move(String branch, String before, String after) throws ScmException {
        BranchMove.Kind kind = before == null ? BranchMove.Kind.CREATED : after == null ? BranchMove.Kind.DELETED
                : isAncestor(before, after) ? BranchMove.Kind.FAST_FORWARD : BranchMove.Kind.FORCED;
        return new BranchMove(branch, before, after, kind);
    }

    /**
     * The push event of a branch move, with its changed files as {@link PushEvent} defines them: between the old
     * and new heads' trees; for a new branch, since its merge base with the default branch (every file when there is
     * none, or when the branch is the default branch); none for a deleted branch.
     */
    public PushEvent pushEvent(BranchMove move) throws ScmException {
        boolean forced = move.kind() == BranchMove.Kind.FORCED;
        if (move.after() == null) {
            return new PushEvent(move.branch(), move.before(), null, false, ChangedFiles.of(List.of()));
        }
        ChangedFiles files;
        if (move.before() != null) {
            files = changedFiles(move.before(), move.after());
        } else {
            Optional<String> defaultHead = defaultBranch().filter(b -> !b.equals(move.branch())).flatMap(this::head);
            files = defaultHead.isPresent() ? changedSinceMergeBase(defaultHead.get(), move.after())
                    : changedFiles(null, move.after());
        }
        return new PushEvent(move.branch(), move.before(), move.after(), forced, files);
    }

    /**
     * A push told by a webhook, completed from the mirror (fetch first): whether it was forced and its changed files.
     *
     * @throws ScmException when a commit it names is not in the mirror
     */
    public PushEvent complete(PushEvent push) throws ScmException {
        return pushEvent(move(push.branch(), push.before(), push.after()));
    }

    /**
     * A pull request event completed from the mirror (fetch first): its source commit (the source branch's head when
     * the webhook did not say) and the paths changed since the merge base with the destination branch.
     *
     * @throws ScmException when the source commit or the destination branch is not in the mirror
     */
    public PullRequestEvent complete(PullRequestEvent pr) throws ScmException {
        String source = pr.sourceCommit() != null ? pr.sourceCommit() : head(pr.sourceBranch()).orElseThrow(
                () -> new ScmException("source branch '" + pr.sourceBranch() + "' is not in the mirror"));
        String destination = head(pr.destinationBranch()).orElseThrow(
                () -> new ScmException("destination branch '" + pr.destinationBranch() + "' is not in the mirror"));
        return new PullRequestEvent(pr.number(), pr.actions(), pr.sourceBranch(), pr.destinationBranch(), source,
                changedSinceMergeBase(destination, source));
    }

    @Override
    public void close() {
        synchronized (fetchLock) {
            if (local != null) {
                local.close();
            }
        }
        repository.close();
    }

    private Map<String, String> heads() {
        Map<String, String> heads = new TreeMap<>();
        try {
            for (Ref ref : repository.getRefDatabase().getRefsByPrefix(HEADS)) {
                String branch = ref.getName().substring(HEADS.length());
                if (ref.getObjectId() != null && kept(branch)) {
                    heads.put(branch, ref.getObjectId().name());
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return heads;
    }

    private boolean kept(String branch) {
        return branchPatterns.isEmpty() || branchPatterns.stream().anyMatch(p -> p.matcher(branch).matches());
    }

    private List<BranchMove> moves(Map<String, String> before, Map<String, String> after) throws ScmException {
        Set<String> names = new java.util.TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        List<BranchMove> moves = new ArrayList<>();
        for (String name : names) {
            String a = before.get(name);
            String b = after.get(name);
            if (a == null || !a.equals(b)) {
                moves.add(move(name, a, b));
            }
        }
        return moves;
    }

    private static List<BranchHead> toHeads(Map<String, String> heads) {
        return heads.entrySet().stream().map(e -> new BranchHead(e.getKey(), e.getValue())).toList();
    }


    private static URIish uri(String url) throws ScmException {
        try {
            return new URIish(url);
        } catch (URISyntaxException e) {
            throw new ScmException("'" + redacted(url) + "' is not a git URL: " + e.getReason());
        }
    }

    /** The URL without its password, as it may appear in messages and logs (and in the mirror's config). */
    public static String redacted(String url) {
        try {
            URIish uri = new URIish(url);
            return uri.getPass() == null ? url : uri.setPass(null).toString();
        } catch (URISyntaxException e) {
            return url.replaceAll("//[^/@]*@", "//***@");
        }
    }

    /** Every distinct message of the cause chain (JGit's outer ones are vague: "Invalid remote: origin"), redacted. */
    private String redactedMessage(Exception e) {
        java.util.LinkedHashSet<String> parts = new java.util.LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                parts.add(t.getMessage().trim());
            }
        }
        String message = String.join(": ", parts);
        try {
            String pass = new URIish(settings.url()).getPass();
            return pass == null || pass.isEmpty() ? message : message.replace(pass, "***");
        } catch (URISyntaxException ex) {
            return message;
        }
    }
}
