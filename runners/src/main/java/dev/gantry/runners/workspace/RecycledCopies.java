package dev.gantry.runners.workspace;

import dev.gantry.engine.files.FolderTrees;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Copies of the WorkflowSource that actions are done with, made into the next action's workspace instead of a new
 * copy, as a CI agent reuses its build folder (GitLab's fetch strategy, Jenkins' workspaces), but brought back to
 * exactly what a fresh copy holds: what a step added is removed, what it changed, removed or replaced is copied
 * again, folders get back their permissions; a file of the source that changed meanwhile is copied again too.
 *
 * <p>Why: on a journaling file system, making a file and removing it costs far more than looking at it (ext4
 * searches past recently freed inodes, so the cost grows with the churn: 0.8 ms a file was measured here after
 * many runs), and a copy per action made and removed ~2 inodes per source file.
 *
 * <p>How a file is known unchanged, as git knows a clean index entry: its inode number, size, modification time,
 * status-change time ({@code ctime}, which no process can set back) and mode are those recorded when it was copied,
 * and the source file's are those recorded before the copy. A time within {@link #RACY_MARGIN_NANOS} of when it was
 * recorded could hide a change made in the same clock tick: such a file is compared byte for byte (up to
 * {@link #MAX_COMPARED_BYTES}; a larger one is copied again). Anything unexpected (a folder that cannot be read, a
 * file that cannot be removed) gives up on the old copy: the caller makes a fresh one.
 *
 * <p>Bounded: at most {@link #MAX_POOLED} copies wait, and the records of all copies together hold at most
 * {@link #MAX_ENTRIES} files; beyond that, copies are removed as before. Only on a file system with the
 * {@code unix} attribute view (inode numbers and ctime), and not for a source that lists folders (submodules).
 */
final class RecycledCopies {
    static final long RACY_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long MAX_COMPARED_BYTES = 1 << 20;
    static final int MAX_POOLED = 64;
    static final long MAX_ENTRIES = 500_000;
    private static final String ATTRIBUTES = "unix:ino,size,lastModifiedTime,ctime,mode";
    private static final int TYPE_MASK = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int SYMLINK = 0120000;

    private final Path sourceRoot;
    private final List<String> files;
    private final Set<String> folders;
    private final boolean usable;
    private final Map<Path, CopyRecord> records = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Pooled> pool = new ConcurrentLinkedDeque<>();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param sourceRoot the source's root folder
     * @param files      the files a copy holds (relative, {@code /}-separated)
     */
    RecycledCopies(Path sourceRoot, List<String> files) {
        this.sourceRoot = sourceRoot;
        this.files = files;
        Set<String> dirs = new LinkedHashSet<>();
        dirs.add("");
        for (String f : files) {
            for (int i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) {
                dirs.add(f.substring(0, i));
            }
        }
        this.folders = dirs;
        this.usable = FileSystems.getDefault().supportedFileAttributeViews().contains("unix")
                && files.size() <= MAX_ENTRIES;
    }

    /**
     * Stamps the source files before a fresh copy is made from them ({@code null} when copies of this source are
     * not recycled).
     */
    SourceStamps stampSource() throws IOException {
        if (!usable) {
            return null;
        }
        long started = now();
        Map<String, Stamp> stamps = new HashMap<>(files.size() * 2);
        for (String f : files) {
            Stamp s = Stamp.ofOrNull(sourceRoot.resolve(f));
            if (s != null && s.type() == DIRECTORY) {
                return null; // a listed folder (a submodule) is copied whole: not recycled
            }
            stamps.put(f, s);
        }
        return new SourceStamps(stamps, started);
    }

    /** Records the fresh copy {@code copy} (of the workspace {@code root}), made after {@code source}'s stamps. */
    void remember(Path root, Path copy, SourceStamps source) throws IOException {
        if (source == null || entries.addAndGet(files.size()) > MAX_ENTRIES) {
            if (source != null) {
                entries.addAndGet(-files.size());
            }
            return;
        }
        Map<String, Entry> byFile = new HashMap<>(files.size() * 2);
        for (String f : files) {
            Stamp src = source.stamps().get(f);
            byFile.put(f, new Entry(src == null ? null : Stamp.ofOrNull(copy.resolve(f)), src));
        }
        Map<String, Integer> modes = new HashMap<>();
        for (String d : folders) {
            Stamp s = Stamp.ofOrNull(d.isEmpty() ? copy : copy.resolve(d));
            if (s != null) {
                modes.put(d, s.mode() & 07777);
            }
        }
        records.put(root, new CopyRecord(byFile, modes, now() - RACY_MARGIN_NANOS,
                source.started() - RACY_MARGIN_NANOS));
    }

    /**
     * Puts the copy of the released workspace {@code root} aside for a next action: {@code true} when it was (it
     * was renamed away from {@code root}), {@code false} when the caller removes it.
     */
    boolean putAside(Path root) {
        CopyRecord record = records.remove(root);
        if (record == null) {
            return false;
        }
        if (pool.size() >= MAX_POOLED) {
            entries.addAndGet(-files.size());
            return false;
        }
        Path aside = root.resolveSibling(".recycled-" + sequence.incrementAndGet());
        try {
            Files.move(root, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            entries.addAndGet(-files.size());
            return false;
        }
        pool.push(new Pooled(aside, record));
        return true;
    }

    /**
     * Makes a copy put aside into the workspace {@code root} with its source copy at {@code root/copyName}: {@code
     * true} when it did, {@code false} when none was waiting or it could not be brought back (then {@code root} does
     * not exist and what was tried is handed to {@code discard}).
     */
    boolean renew(Path root, String copyName, Consumer<Path> discard) {
        Pooled pooled = pool.poll();
        if (pooled == null) {
            return false;
        }
        try {
            Files.move(pooled.folder(), root, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            entries.addAndGet(-files.size());
            discard.accept(pooled.folder());
            return false;
        }
        try {
            records.put(root, bringBack(root, copyName, pooled.record()));
            return true;
        } catch (IOException | RuntimeException e) {
            entries.addAndGet(-files.size());
            Path aside = root.resolveSibling(".discarded-" + sequence.incrementAndGet());
            try {
                Files.move(root, aside, StandardCopyOption.ATOMIC_MOVE);
                discard.accept(aside);
            } catch (IOException | RuntimeException again) {
                FolderTrees.deleteQuietly(root);
            }
            return false;
        }
    }

    /** The copies put aside and not taken (to remove at the end). */
    List<Path> drain() {
        List<Path> left = new ArrayList<>();
        for (Pooled p; (p = pool.poll()) != null; ) {
            entries.addAndGet(-files.size());
            left.add(p.folder());
        }
        return left;
    }

    private CopyRecord bringBack(Path root, String copyName, CopyRecord record) throws IOException {
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            for (Path p : top) {
                if (!p.getFileName().toString().equals(copyName)) {
                    FolderTrees.deleteTree(p); // what hooks and artifacts put beside the copy
                }
            }
        }
        Path copy = root.resolve(copyName);
        Stamp top = Stamp.of(copy);
        if (top.type() != DIRECTORY) {
            throw new IOException("the copy is not a folder any more");
        }
        long sourceStarted = now();
        Set<String> kept = new HashSet<>();
        Set<String> foldersThere = new HashSet<>();
        fixMode(copy, top, record.modes().get(""));
        foldersThere.add("");
        sweep(copy, "", record, kept, foldersThere);
        Map<String, Entry> byFile = new HashMap<>(record.files());
        Set<String> made = new HashSet<>(foldersThere);
        for (String f : files) {
            if (kept.contains(f)) {
                continue;
            }
            Path src = sourceRoot.resolve(f);
            Stamp srcStamp = Stamp.ofOrNull(src);
            if (srcStamp == null) {
                byFile.put(f, new Entry(null, null));
                continue;
            }
            makeFolders(copy, f, made);
            Path dst = copy.resolve(f);
            Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            byFile.put(f, new Entry(Stamp.of(dst), srcStamp));
        }
        for (String d : folders) {
            if (!made.contains(d)) {
                Files.createDirectories(copy.resolve(d));
            }
        }
        return new CopyRecord(byFile, record.modes(), now() - RACY_MARGIN_NANOS, sourceStarted - RACY_MARGIN_NANOS);
    }

    /** Removes from {@code dir} what a fresh copy would not hold; notes the folders there and the files kept. */
    private void sweep(Path dir, String rel, CopyRecord record, Set<String> kept, Set<String> foldersThere)
            throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String r = rel.isEmpty() ? name : rel + "/" + name;
            Stamp now = Stamp.of(child);
            Integer mode = record.modes().get(r);
            if (mode != null && now.type() == DIRECTORY) {
                fixMode(child, now, mode);
                foldersThere.add(r);
                sweep(child, r, record, kept, foldersThere);
                continue;
            }
            Entry e = record.files().get(r);
            if (e != null && e.copy() != null && unchanged(e, now, child, sourceRoot.resolve(r), record)) {
                kept.add(r);
            } else {
                FolderTrees.deleteTree(child);
            }
        }
    }

    private boolean unchanged(Entry e, Stamp now, Path copy, Path src, CopyRecord record) throws IOException {
        if (!e.copy().same(now)) {
            return false;
        }
        Stamp srcNow = Stamp.ofOrNull(src);
        if (!e.source().same(srcNow)) {
            return false;
        }
        boolean racy = e.copy().ctime() >= record.copyCutoff() || e.source().ctime() >= record.sourceCutoff();
        if (!racy) {
            return true;
        }
        if (now.type() == SYMLINK) {
            return Files.readSymbolicLink(copy).equals(Files.readSymbolicLink(src));
        }
        return now.type() == REGULAR && now.size() <= MAX_COMPARED_BYTES && Files.mismatch(copy, src) == -1;
    }

    private static void fixMode(Path dir, Stamp now, Integer mode) throws IOException {
        if (mode != null && (now.mode() & 07777) != mode) {
            Files.setPosixFilePermissions(dir, permissions(mode));
        }
    }

    private static void makeFolders(Path copy, String file, Set<String> made) throws IOException {
        int slash = file.lastIndexOf('/');
        if (slash > 0 && made.add(file.substring(0, slash))) {
            Files.createDirectories(copy.resolve(file.substring(0, slash)));
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, 0400 ... 0001
        for (int i = 0; i < all.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                perms.add(all[i]);
            }
        }
        return perms;
    }

    private static long now() {
        Instant t = Instant.now();
        return ChronoUnit.NANOS.between(Instant.EPOCH, t);
    }

    /**
     * What one file system entry was: inode, size, times (nanoseconds since the epoch) and {@code st_mode}. Compared
     * with {@link #same}, not {@code equals}: a record's {@code equals} is bootstrapped at its first call (some 60
     * method-handle classes spun at run time, milliseconds in a short-lived {@code gantry run}).
     */
    record Stamp(long ino, long size, long mtime, long ctime, int mode) {
        int type() {
            return mode & TYPE_MASK;
        }

        /** Whether {@code other} is a stamp of the same, unchanged entry ({@code false} for {@code null}). */
        boolean same(Stamp other) {
            return other != null && ino == other.ino && size == other.size && mtime == other.mtime
                    && ctime == other.ctime && mode == other.mode;
        }

        static Stamp of(Path p) throws IOException {
            Map<String, Object> a = Files.readAttributes(p, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            return new Stamp((Long) a.get("ino"), (Long) a.get("size"), nanos(a.get("lastModifiedTime")),
                    nanos(a.get("ctime")), (Integer) a.get("mode"));
        }

        static Stamp ofOrNull(Path p) throws IOException {
            try {
                return of(p);
            } catch (NoSuchFileException e) {
                return null;
            }
        }

        private static long nanos(Object time) {
            return ((FileTime) time).to(TimeUnit.NANOSECONDS);
        }
    }

    /** The source files' stamps taken before a copy, and when the stamping began. */
    record SourceStamps(Map<String, Stamp> stamps, long started) {
    }

    /** A listed file: its copy's stamp and its source's, both {@code null} when the source had no such file. */
    private record Entry(Stamp copy, Stamp source) {
    }

    /**
     * What a copy held when it was handed to an action: its files, its folders' permission bits, and the times
     * from which a copy's or a source's ctime is too recent to prove a file unchanged.
     */
    private record CopyRecord(Map<String, Entry> files, Map<String, Integer> modes, long copyCutoff,
                              long sourceCutoff) {
    }

    private record Pooled(Path folder, CopyRecord record) {
    }
}
