package dev.gantry.scm.git;

import dev.gantry.engine.trigger.ChangedFiles;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading commits of a git repository without a checkout: resolving revisions, ancestry and merge bases, the paths
 * changed between two commits (the one definition {@code FilesChanged} is matched against), files at a commit, and
 * a workspace made from a commit. Every read is bounded. {@link RepositoryMirror} reads its bare copy through this;
 * {@link #open(Path)} reads a developer's repository (for {@code gantry triggers --from/--to}).
 */
public final class GitHistory implements AutoCloseable {
    /** Turns a revision a caller gives into a full commit id. */
    @FunctionalInterface
    interface Resolver {
        Optional<String> resolve(String revision);
    }

    /** The longest revision text looked up. */
    private static final int MAX_REVISION = 256;

    private final Repository repository;
    private final String name;
    private final long maxFileBytes;
    private final int maxFiles;
    private final long maxCheckoutBytes;
    private final Resolver resolver;

    GitHistory(Repository repository, String name, long maxFileBytes, int maxFiles, long maxCheckoutBytes,
               Resolver resolver) {
        this.repository = repository;
        this.name = name;
        this.maxFileBytes = maxFileBytes;
        this.maxFiles = maxFiles;
        this.maxCheckoutBytes = maxCheckoutBytes;
        this.resolver = resolver == null ? this::resolveAny : resolver;
    }

    /**
     * The repository holding {@code folder} (a working tree or a bare repository, searching parent folders), with
     * the mirror's default limits; revisions are anything git understands ({@code main}, {@code HEAD~2}, a tag, an
     * abbreviated id).
     */
    public static GitHistory open(Path folder) throws ScmException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment()
                .findGitDir(folder.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            Path bare = folder.toAbsolutePath();
            if (Files.isDirectory(bare.resolve("objects")) && Files.isRegularFile(bare.resolve("HEAD"))) {
                builder.setGitDir(bare.toFile());
            } else {
                throw new ScmException(folder + " is not in a git repository");
            }
        }
        try {
            return new GitHistory(builder.setMustExist(true).build(), "the repository " + folder,
                    MirrorSettings.DEFAULT_MAX_FILE_BYTES, MirrorSettings.DEFAULT_MAX_FILES,
                    MirrorSettings.DEFAULT_MAX_CHECKOUT_BYTES, null);
        } catch (IOException | IllegalArgumentException e) {
            throw new ScmException("cannot open the git repository of " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The branch checked out (HEAD's branch); empty when HEAD is detached or unreadable. */
    public Optional<String> currentBranch() {
        try {
            String full = repository.getFullBranch();
            return full != null && full.startsWith(Constants.R_HEADS)
                    ? Optional.of(full.substring(Constants.R_HEADS.length())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The full commit id {@code revision} names, if it names one. */
    public Optional<String> resolve(String revision) {
        return resolver.resolve(revision);
    }

    /** Any revision git understands, bounded in length. */
    Optional<String> resolveAny(String revision) {
        if (revision == null || revision.isBlank() || revision.length() > MAX_REVISION) {
            return Optional.empty();
        }
        try (RevWalk walk = new RevWalk(repository)) {
            ObjectId id = repository.resolve(revision);
            return id == null ? Optional.empty() : Optional.of(walk.parseCommit(id).name());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code ancestor} is reachable from {@code descendant} (a commit is its own ancestor). */
    public boolean isAncestor(String ancestor, String descendant) throws ScmException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.isMergedInto(commit(walk, ancestor), commit(walk, descendant));
        } catch (IOException e) {
            throw new ScmException("cannot compare " + ancestor + " and " + descendant + ": " + e.getMessage(), e);
        }
    }

    /** The best common ancestor of two commits, if they share history. */
    public Optional<String> mergeBase(String a, String b) throws ScmException {
        try (RevWalk walk = new RevWalk(repository)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(commit(walk, a));
            walk.markStart(commit(walk, b));
            RevCommit base = walk.next();
            return Optional.ofNullable(base).map(RevCommit::name);
        } catch (IOException e) {
            throw new ScmException("cannot find the merge base of " + a + " and " + b + ": " + e.getMessage(), e);
        }
    }


    /**
     * The paths that differ between the trees of {@code from} and {@code to} (added, modified, deleted; a rename as
     * its old and its new path), sorted; {@code from == null}: every file of {@code to}.
     */
    public ChangedFiles changedFiles(String from, String to) throws ScmException {
        try (RevWalk walk = new RevWalk(repository);
             DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(repository);
            diff.setDetectRenames(false);
            ObjectId oldTree = from == null ? null : commit(walk, from).getTree();
            ObjectId newTree = commit(walk, to).getTree();
            Set<String> paths = new TreeSet<>();
            for (DiffEntry entry : diff.scan(oldTree, newTree)) {
                if (entry.getChangeType() != DiffEntry.ChangeType.ADD) {
                    paths.add(entry.getOldPath());
                }
                if (entry.getChangeType() != DiffEntry.ChangeType.DELETE) {
                    paths.add(entry.getNewPath());
                }
            }
            return ChangedFiles.of(List.copyOf(paths));
        } catch (IOException e) {
            throw new ScmException("cannot compare " + from + " with " + to + ": " + e.getMessage(), e);
        }
    }

    /**
     * The paths {@code head} changes relative to its merge base with {@code base} (what a pull request from
     * {@code head} into {@code base} brings); every file of {@code head} when they share no history.
     */
    public ChangedFiles changedSinceMergeBase(String base, String head) throws ScmException {
        return changedFiles(mergeBase(base, head).orElse(null), head);
    }


    /**
     * One file at a commit, read without a checkout; empty when the commit has no such file.
     *
     * @throws ScmException when the file is larger than the file size limit or the commit is unknown
     */
    public Optional<RepositoryFile> readFile(String commit, String path) throws ScmException {
        try (RevWalk walk = new RevWalk(repository);
             TreeWalk tree = TreeWalk.forPath(repository, path, commit(walk, commit).getTree())) {
            if (tree == null || !tree.getFileMode(0).equals(FileMode.REGULAR_FILE)
                    && !tree.getFileMode(0).equals(FileMode.EXECUTABLE_FILE)) {
                return Optional.empty();
            }
            return Optional.of(new RepositoryFile(path, bytes(tree.getObjectId(0), path)));
        } catch (IOException e) {
            throw new ScmException("cannot read " + path + " at " + commit + ": " + e.getMessage(), e);
        }
    }

    /**
     * The workflow files of a commit: every {@code .yaml}/{@code .yml} under {@code .codecatalyst/workflows/}
     * (sub-folders too), sorted by path, read without a checkout.
     *
     * @throws ScmException when one is larger than the file size limit, there are more than
     *                      the file count limit, or the commit is unknown
     */
    public List<RepositoryFile> workflowFiles(String commit) throws ScmException {
        List<RepositoryFile> files = new ArrayList<>();
        for (TreeFile f : workflowTree(commit)) {
            files.add(read(f));
        }
        return files;
    }

    /**
     * Where the workflow files of a commit are (as {@link #workflowFiles}), without reading them: each path with
     * its blob id, which names its content (the same id, the same bytes), so a reader may keep what it made of a
     * blob.
     *
     * @throws ScmException when there are more than the file count limit, or the commit is unknown
     */
    public List<TreeFile> workflowTree(String commit) throws ScmException {
        List<TreeFile> files = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(commit(walk, commit).getTree());
            tree.setRecursive(true);
            tree.setFilter(PathFilter.create(RepositoryMirror.WORKFLOWS_FOLDER));
            while (tree.next()) {
                String path = tree.getPathString();
                boolean file = tree.getFileMode(0).equals(FileMode.REGULAR_FILE)
                        || tree.getFileMode(0).equals(FileMode.EXECUTABLE_FILE);
                if (!file || !(path.endsWith(".yaml") || path.endsWith(".yml"))) {
                    continue;
                }
                if (files.size() == maxFiles) {
                    throw new ScmException("commit " + commit + " has more than " + maxFiles
                            + " workflow files under " + RepositoryMirror.WORKFLOWS_FOLDER + "/; Gantry reads at most that many");
                }
                files.add(new TreeFile(path, tree.getObjectId(0).name()));
            }
            return files;
        } catch (IOException e) {
            throw new ScmException("cannot list the workflow files of " + commit + ": " + e.getMessage(), e);
        }
    }

    /**
     * The content of a file {@link #workflowTree} listed.
     *
     * @throws ScmException when it is larger than the file size limit or not in the repository
     */
    public RepositoryFile read(TreeFile file) throws ScmException {
        try {
            return new RepositoryFile(file.path(), bytes(ObjectId.fromString(file.blobId()), file.path()));
        } catch (IOException | IllegalArgumentException e) {
            throw new ScmException("cannot read " + file.path() + " (blob " + file.blobId() + "): " + e.getMessage(), e);
        }
    }

    /**
     * Writes the files of {@code commit} into {@code target} (created; must not exist or be empty): a run's source,
     * made from the fetched commit. Executable bits and symbolic links are kept; submodules become empty folders;
     * no {@code .git} folder is written. Refuses paths that would leave {@code target} and stops past
     * the workspace size limit; on failure the folder may hold part of the files (the caller removes it).
     */
    public void materialize(String commit, Path target) throws ScmException {
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository);
             ObjectReader reader = repository.newObjectReader()) {
            RevCommit c = commit(walk, commit);
            if (Files.exists(target) && !isEmptyFolder(target)) {
                throw new ScmException(target + " is not empty; a workspace is made in a new folder");
            }
            Files.createDirectories(target);
            Path root = target.toRealPath();
            tree.addTree(c.getTree());
            tree.setRecursive(true);
            long written = 0;
            while (tree.next()) {
                String path = tree.getPathString();
                Path file = safePath(root, path);
                Files.createDirectories(file.getParent());
                if (!file.getParent().toRealPath().startsWith(root)) {
                    throw new ScmException("commit " + commit + " has '" + path + "' below a symbolic link; "
                            + "refusing to write outside the workspace");
                }
                FileMode mode = tree.getFileMode(0);
                if (mode.equals(FileMode.GITLINK)) {
                    Files.createDirectories(file);
                    continue;
                }
                ObjectLoader loader = reader.open(tree.getObjectId(0));
                written += loader.getSize();
                if (written > maxCheckoutBytes) {
                    throw new ScmException("commit " + commit + " holds more than " + maxCheckoutBytes
                            + " bytes; the workspace limit stopped it");
                }
                if (mode.equals(FileMode.SYMLINK)) {
                    Files.createSymbolicLink(file, Path.of(new String(loader.getCachedBytes(4096),
                            StandardCharsets.UTF_8)));
                    continue;
                }
                try (OutputStream out = Files.newOutputStream(file)) {
                    loader.copyTo(out);
                }
                if (mode.equals(FileMode.EXECUTABLE_FILE)) {
                    Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(file));
                    perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE));
                    Files.setPosixFilePermissions(file, perms);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new ScmException("cannot make a workspace of " + commit + " in " + target + ": " + e.getMessage(), e);
        }
    }


    private static Path safePath(Path root, String path) throws ScmException {
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equalsIgnoreCase(".git")) {
                throw new ScmException("refusing the path '" + path + "' from the repository: it would leave the "
                        + "workspace or write git's own files");
            }
        }
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            throw new ScmException("refusing the path '" + path + "': it leaves the workspace");
        }
        return file;
    }

    private byte[] bytes(ObjectId blob, String path) throws IOException, ScmException {
        ObjectLoader loader = repository.open(blob, Constants.OBJ_BLOB);
        if (loader.getSize() > maxFileBytes) {
            throw new ScmException(path + " is " + loader.getSize() + " bytes; Gantry reads workflow files of at "
                    + "most " + maxFileBytes + " bytes");
        }
        return loader.getBytes();
    }

    private RevCommit commit(RevWalk walk, String revision) throws ScmException {
        String id = resolver.resolve(revision).orElseThrow(() -> new ScmException("no commit '"
                + (revision.length() > 80 ? revision.substring(0, 80) + "..." : revision) + "' in " + name));
        try {
            return walk.parseCommit(ObjectId.fromString(id));
        } catch (MissingObjectException e) {
            throw new ScmException("commit " + id + " is not in " + name, e);
        } catch (IOException e) {
            throw new ScmException("cannot read commit " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        repository.close();
    }

    static boolean isEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
