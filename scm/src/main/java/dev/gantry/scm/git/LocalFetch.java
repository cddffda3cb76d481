package dev.gantry.scm.git;

import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.URIish;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fetch from a repository on this machine (a path or {@code file://}) without git's wire protocol: the objects
 * the mirror lacks (those reachable from the other repository's branches and not from the mirror's) are copied from
 * its object database into the mirror's as loose objects, then the mirror's branches are set to its branches
 * (forced, deleted ones removed) and HEAD follows its HEAD: what {@code +refs/heads/*:refs/heads/*} with pruning
 * does, without a pack to write, index and fsync, nor the two threads of JGit's local transport talking through a
 * pipe. For small increments only (a push): {@link #into} declines a first fetch, more than {@code maxObjects}
 * objects and large objects, and the caller then fetches over the transport (one pack). Objects are written before
 * any branch moves, so a branch never names a missing object.
 */
final class LocalFetch implements AutoCloseable {
    private final Repository source;

    private LocalFetch(Repository source) {
        this.source = source;
    }

    /** The repository {@code url} names when it is on this machine and readable as one; empty otherwise. */
    static Optional<LocalFetch> open(String url) {
        try {
            URIish uri = new URIish(url);
            boolean local = uri.getHost() == null && (uri.getScheme() == null || uri.getScheme().equals("file"));
            if (!local || uri.getPath() == null) {
                return Optional.empty();
            }
            Path dir = Path.of(uri.getPath());
            Path gitDir = Files.isDirectory(dir.resolve("objects")) && Files.isRegularFile(dir.resolve("HEAD")) ? dir
                    : Files.isDirectory(dir.resolve(".git")) ? dir.resolve(".git") : null;
            if (gitDir == null) {
                return Optional.empty();
            }
            return Optional.of(new LocalFetch(new FileRepositoryBuilder().setGitDir(gitDir.toFile())
                    .setMustExist(true).build()));
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Brings {@code mirror} up to date with the source's branches; {@code false} (nothing changed in the mirror's
     * branches) when this is not a small increment, and the caller should fetch over the transport.
     *
     * @throws IOException when reading or writing fails (the caller fetches over the transport, which says why)
     */
    boolean into(Repository mirror, int maxObjects, long maxObjectBytes) throws IOException {
        Map<String, ObjectId> theirs = branches(source);
        Map<String, ObjectId> ours = branches(mirror);
        if (ours.isEmpty()) {
            return false;
        }
        List<ObjectId> missing = new ArrayList<>();
        try (ObjectReader mine = mirror.newObjectReader(); ObjectWalk walk = new ObjectWalk(source)) {
            walk.setRetainBody(false);
            boolean any = false;
            for (ObjectId id : theirs.values()) {
                if (!mine.has(id)) {
                    walk.markStart(walk.parseAny(id));
                    any = true;
                }
            }
            if (any) {
                for (ObjectId id : ours.values()) {
                    try {
                        walk.markUninteresting(walk.parseAny(id));
                    } catch (MissingObjectException e) {
                        // a commit the source no longer has (force-pushed away): nothing to exclude through it
                    }
                }
                for (RevObject o = walk.next(); o != null; o = walk.next()) {
                    if (!add(mine, o, missing, maxObjects)) {
                        return false;
                    }
                }
                for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                    if (!add(mine, o, missing, maxObjects)) {
                        return false;
                    }
                }
            }
            if (!missing.isEmpty()) {
                try (ObjectReader theirReader = source.newObjectReader(); ObjectInserter inserter =
                        mirror.newObjectInserter()) {
                    for (ObjectId id : missing) {
                        ObjectLoader loader = theirReader.open(id);
                        if (loader.isLarge() || loader.getSize() > maxObjectBytes) {
                            return false; // a large object travels better in a pack
                        }
                        inserter.insert(loader.getType(), loader.getCachedBytes());
                    }
                    inserter.flush();
                }
            }
        }
        for (Map.Entry<String, ObjectId> e : theirs.entrySet()) {
            if (!e.getValue().equals(ours.get(e.getKey()))) {
                RefUpdate update = mirror.updateRef(e.getKey());
                update.setNewObjectId(e.getValue());
                update.setForceUpdate(true);
                update.disableRefLog();
                check(update.update(), e.getKey());
            }
        }
        for (String gone : ours.keySet()) {
            if (!theirs.containsKey(gone)) {
                RefUpdate delete = mirror.updateRef(gone);
                delete.setForceUpdate(true);
                delete.disableRefLog();
                check(delete.delete(), gone);
            }
        }
        followHead(mirror);
        return true;
    }

    private static boolean add(ObjectReader mine, RevObject o, List<ObjectId> missing, int maxObjects)
            throws IOException {
        if (!mine.has(o)) {
            missing.add(o.copy());
        }
        return missing.size() <= maxObjects;
    }

    private void followHead(Repository mirror) throws IOException {
        Ref head = source.exactRef(Constants.HEAD);
        if (head == null || !head.isSymbolic() || !head.getTarget().getName().startsWith(Constants.R_HEADS)) {
            return;
        }
        linkHead(mirror, head.getTarget().getName());
    }

    /** Points {@code repository}'s HEAD at branch ref {@code target}, unless it points there already. */
    static void linkHead(Repository repository, String target) throws IOException {
        Ref current = repository.exactRef(Constants.HEAD);
        if (current == null || !current.isSymbolic() || !current.getTarget().getName().equals(target)) {
            RefUpdate link = repository.updateRef(Constants.HEAD);
            link.disableRefLog();
            link.link(target);
        }
    }

    private static void check(RefUpdate.Result result, String ref) throws IOException {
        switch (result) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> {
            }
            default -> throw new IOException("cannot update " + ref + ": " + result);
        }
    }

    private static Map<String, ObjectId> branches(Repository repository) throws IOException {
        Map<String, ObjectId> result = new HashMap<>();
        for (Ref ref : repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            if (ref.getObjectId() != null && !ref.isSymbolic()) {
                result.put(ref.getName(), ref.getObjectId());
            }
        }
        return result;
    }

    @Override
    public void close() {
        source.close();
    }
}
