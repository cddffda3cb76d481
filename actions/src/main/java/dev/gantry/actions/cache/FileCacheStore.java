package dev.gantry.actions.cache;

import dev.gantry.engine.files.FolderTrees;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The file cache behind {@code Caching.FileCaching}: content-addressed (each distinct file content is stored once,
 * named by its SHA-256), with one manifest per (scope, key), a size cap and least-recently-used eviction.
 *
 * <pre>
 * &lt;dir&gt;/.lock                          readers-writer lock (see {@link CacheLock})
 * &lt;dir&gt;/objects/ab/abcdef…             file contents, immutable
 * &lt;dir&gt;/entries/&lt;scope-id&gt;/&lt;key&gt;.json  manifests ({@link CacheManifest}); modification time = last use
 * &lt;dir&gt;/tmp/                           files being written
 * </pre>
 *
 * <p>Saving stores objects first and then renames a complete manifest into place, so a save that is interrupted
 * leaves at most unreferenced objects (removed by the next eviction) and never a half cache. Use one instance per
 * cache folder in a process; it is safe for concurrent actions and for concurrent {@code gantry} processes.
 */
public final class FileCacheStore {
    /** Cache keys as the service allows them (its SDK also allows dots). */
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,1000}");

    private static final Set<PosixFilePermission> READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path dir;
    private final CacheLock lock;
    private final Clock clock;
    /** Made when a manifest is first read or written: Jackson's start-up (~400 classes) is not paid by every run. */
    private ObjectMapper json;

    /**
     * @param dir   the cache folder (created when first written)
     * @param clock the clock for save times and ages
     */
    public FileCacheStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        this.lock = new CacheLock(dir.resolve(".lock"));
    }

    private synchronized ObjectMapper json() {
        if (json == null) {
            json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        }
        return json;
    }

    public Path dir() {
        return dir;
    }

    /**
     * What a restore found.
     *
     * @param key   the key of the cache restored
     * @param exact whether it was the requested key (otherwise a restore key matched)
     * @param files how many files were written
     * @param bytes their total size
     */
    public record Restored(String key, boolean exact, long files, long bytes) {
    }

    /**
     * What a save stored.
     *
     * @param key      the key
     * @param files    how many files the cache holds
     * @param bytes    their total size
     * @param newBytes how many bytes were new to the object store
     */
    public record Saved(String key, long files, long bytes, long newBytes) {
    }

    /**
     * One cache, as listed.
     *
     * @param manifest its manifest
     * @param lastUsed when it was last saved or restored
     */
    public record Listed(CacheManifest manifest, Instant lastUsed) {
    }

    /**
     * Restores the best cache for {@code key} into {@code target}: the cache saved under {@code key} in this scope,
     * else, for the first of {@code restoreKeys} that any cache key starts with, the newest such cache. A miss is
     * not an error (caching is best effort): the result is empty.
     *
     * <p>Existing files at the target are replaced by the cached ones; other existing files are left alone.
     */
    public Optional<Restored> restore(CacheScope scope, String key, List<String> restoreKeys, Path target)
            throws IOException {
        requireKey(key);
        try (CacheLock.Held held = lock.shared()) {
            Optional<Path> found = find(scope, key, restoreKeys);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            CacheManifest m = read(found.get());
            if (m == null || !complete(m)) {
                return Optional.empty();
            }
            boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            long[] written;
            try {
                written = materialize(m, target);
            } catch (IOException | RuntimeException e) {
                if (!existed) {
                    FolderTrees.deleteTree(target); // never leave half a cache behind
                }
                throw e;
            }
            Files.setLastModifiedTime(found.get(), FileTime.from(clock.instant()));
            return Optional.of(new Restored(m.key(), m.key().equals(key), written[0], written[1]));
        }
    }

    /**
     * Saves what {@code source} holds (a folder or a file) under {@code key} in {@code scope}, replacing the cache
     * saved there before. Nothing is saved when {@code source} does not exist (the result is empty).
     */
    public Optional<Saved> save(CacheScope scope, String key, String configuredPath, Path source) throws IOException {
        requireKey(key);
        if (!Files.exists(source)) {
            return Optional.empty();
        }
        Path root = Files.isSymbolicLink(source) ? source.toRealPath() : source;
        Saved saved;
        try (CacheLock.Held held = lock.shared()) {
            Path manifestFile = manifestFile(scope, key);
            List<CacheManifest.Entry> entries = new ArrayList<>();
            long[] newBytes = {0};
            boolean isDir = Files.isDirectory(root);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    entries.add(new CacheManifest.Entry(rel(root, d), "dir", mode(d), 0,
                            attrs.lastModifiedTime().toMillis(), null, null));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    String rel = rel(root, f);
                    if (attrs.isSymbolicLink()) {
                        entries.add(new CacheManifest.Entry(rel, "link", 0777, 0,
                                attrs.lastModifiedTime().toMillis(), null, Files.readSymbolicLink(f).toString()));
                    } else if (attrs.isRegularFile()) {
                        // Always read: size and time say nothing sure about content (tools set fixed times).
                        long mtime = attrs.lastModifiedTime().toMillis();
                        long[] sizes = {0, 0};
                        String sha = storeObject(f, sizes);
                        newBytes[0] += sizes[0];
                        entries.add(new CacheManifest.Entry(rel, "file", mode(f), sizes[1], mtime, sha, null));
                    }
                    return FileVisitResult.CONTINUE; // sockets, fifos and devices are not cached
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // vanished while walking
                    }
                    throw exc;
                }
            });
            CacheManifest m = new CacheManifest(1, scope.workflow(), scope.branch(), key, configuredPath,
                    clock.millis(), isDir ? "dir" : "file", entries);
            Path tmp = tmpFile();
            json().writeValue(tmp.toFile(), m);
            Files.setLastModifiedTime(tmp, FileTime.from(clock.instant())); // last use = now
            Files.createDirectories(manifestFile.getParent());
            Files.move(tmp, manifestFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            saved = new Saved(key, m.files(), m.bytes(), newBytes[0]);
        }
        return Optional.of(saved);
    }

    /**
     * Forgets the cache saved under {@code key} in {@code scope} (used when an action succeeded and its path no
     * longer exists: the cache mirrors the path after the last successful action). Its contents go at the next
     * prune.
     *
     * @return whether there was such a cache
     */
    public boolean forget(CacheScope scope, String key) throws IOException {
        requireKey(key);
        try (CacheLock.Held held = lock.shared()) {
            return Files.deleteIfExists(manifestFile(scope, key));
        }
    }

    /** Every cache, least recently used first. */
    public List<Listed> list() throws IOException {
        try (CacheLock.Held held = lock.shared()) {
            return listUnlocked();
        }
    }

    /** The bytes the object store takes on disk (each distinct content once). */
    public long storedBytes() throws IOException {
        try (CacheLock.Held held = lock.shared()) {
            return objectSizes().values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Removes the caches that {@code which} selects and the contents no other cache uses.
     *
     * @return the removed caches
     */
    public List<CacheManifest> remove(Predicate<CacheManifest> which) throws IOException {
        try (CacheLock.Held held = lock.exclusive()) {
            List<CacheManifest> removed = new ArrayList<>();
            for (Listed l : listUnlocked()) {
                if (which.test(l.manifest())) {
                    Files.deleteIfExists(manifestFile(new CacheScope(l.manifest().workflow(), l.manifest().branch()),
                            l.manifest().key()));
                    removed.add(l.manifest());
                }
            }
            collectGarbage();
            return removed;
        }
    }

    /**
     * What a prune did.
     *
     * @param removed      the caches removed (expired or evicted), oldest first
     * @param freedBytes   bytes freed in the object store
     * @param storedBytes  bytes left in the object store
     */
    public record Pruned(List<CacheManifest> removed, long freedBytes, long storedBytes) {
    }

    /**
     * Removes caches not used for {@code maxAge} (null: no age limit), then the least recently used caches until
     * the object store fits in {@code maxBytes} (0 or less: no size limit), then unused contents.
     */
    public Pruned prune(long maxBytes, Duration maxAge) throws IOException {
        try (CacheLock.Held held = lock.exclusive()) {
            return pruneUnlocked(maxBytes, maxAge);
        }
    }

    /**
     * Like {@link #prune}, but only when nobody else uses the cache right now (never waits); used after saves.
     *
     * @return what was done, or empty when the cache was busy or already small enough
     */
    public Optional<Pruned> pruneIfOver(long maxBytes, Duration maxAge) throws IOException {
        Optional<CacheLock.Held> held = lock.tryExclusive();
        if (held.isEmpty()) {
            return Optional.empty();
        }
        try (CacheLock.Held h = held.get()) {
            Pruned p = pruneUnlocked(maxBytes, maxAge);
            return p.removed().isEmpty() && p.freedBytes() == 0 ? Optional.empty() : Optional.of(p);
        }
    }

    private Pruned pruneUnlocked(long maxBytes, Duration maxAge) throws IOException {
        List<Listed> all = listUnlocked();
        Map<String, Long> sizes = objectSizes();
        long before = sizes.values().stream().mapToLong(Long::longValue).sum();
        List<CacheManifest> removed = new ArrayList<>();
        Instant now = clock.instant();
        List<Listed> kept = new ArrayList<>();
        for (Listed l : all) {
            if (maxAge != null && l.lastUsed().plus(maxAge).isBefore(now)) {
                delete(l.manifest());
                removed.add(l.manifest());
            } else {
                kept.add(l);
            }
        }
        if (maxBytes > 0) {
            while (!kept.isEmpty() && referencedBytes(kept, sizes) > maxBytes) {
                Listed oldest = kept.remove(0);
                delete(oldest.manifest());
                removed.add(oldest.manifest());
            }
        }
        collectGarbage();
        long after = objectSizes().values().stream().mapToLong(Long::longValue).sum();
        return new Pruned(removed, Math.max(0, before - after), after);
    }

    private static long referencedBytes(List<Listed> caches, Map<String, Long> sizes) {
        Set<String> used = new HashSet<>();
        for (Listed l : caches) {
            for (CacheManifest.Entry e : l.manifest().entries()) {
                if (e.sha256() != null) {
                    used.add(e.sha256());
                }
            }
        }
        return used.stream().mapToLong(h -> sizes.getOrDefault(h, 0L)).sum();
    }

    private void delete(CacheManifest m) throws IOException {
        Files.deleteIfExists(manifestFile(new CacheScope(m.workflow(), m.branch()), m.key()));
    }

    /** Deletes contents no manifest names, and leftovers of interrupted writes. Holds the exclusive lock. */
    private void collectGarbage() throws IOException {
        Set<String> used = new HashSet<>();
        for (Listed l : listUnlocked()) {
            l.manifest().entries().stream().map(CacheManifest.Entry::sha256).filter(s -> s != null)
                    .forEach(used::add);
        }
        for (Map.Entry<String, Long> o : objectSizes().entrySet()) {
            if (!used.contains(o.getKey())) {
                Files.deleteIfExists(object(o.getKey()));
            }
        }
        FolderTrees.deleteTree(dir.resolve("tmp"));
        for (String area : List.of("entries", "objects")) {
            Path root = dir.resolve(area);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (DirectoryStream<Path> subs = Files.newDirectoryStream(root)) {
                for (Path sub : subs) {
                    try (DirectoryStream<Path> inside = Files.newDirectoryStream(sub)) {
                        if (!inside.iterator().hasNext()) {
                            Files.deleteIfExists(sub); // an emptied scope or object prefix
                        }
                    } catch (java.nio.file.NotDirectoryException | java.nio.file.DirectoryNotEmptyException e) {
                        // not a folder, or filled meanwhile
                    }
                }
            }
        }
    }

    private List<Listed> listUnlocked() throws IOException {
        List<Listed> all = new ArrayList<>();
        Path entries = dir.resolve("entries");
        if (!Files.isDirectory(entries)) {
            return all;
        }
        try (DirectoryStream<Path> scopes = Files.newDirectoryStream(entries)) {
            for (Path scopeDir : scopes) {
                if (!Files.isDirectory(scopeDir)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(scopeDir, "*.json")) {
                    for (Path f : files) {
                        CacheManifest m = read(f);
                        if (m != null) {
                            all.add(new Listed(m, Files.getLastModifiedTime(f).toInstant()));
                        }
                    }
                } catch (NoSuchFileException e) {
                    // the scope was emptied meanwhile
                }
            }
        }
        all.sort(Comparator.comparing(Listed::lastUsed).thenComparing(l -> l.manifest().key()));
        return all;
    }

    private Map<String, Long> objectSizes() throws IOException {
        Map<String, Long> sizes = new HashMap<>();
        Path objects = dir.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return sizes;
        }
        Files.walkFileTree(objects, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                sizes.put(f.getFileName().toString(), attrs.size());
                return FileVisitResult.CONTINUE;
            }
        });
        return sizes;
    }

    private Optional<Path> find(CacheScope scope, String key, List<String> restoreKeys) throws IOException {
        Path exact = manifestFile(scope, key);
        if (Files.exists(exact)) {
            return Optional.of(exact);
        }
        Path scopeDir = exact.getParent();
        if (!Files.isDirectory(scopeDir)) {
            return Optional.empty();
        }
        List<CacheManifest> inScope = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(scopeDir, "*.json")) {
            for (Path f : files) {
                CacheManifest m = read(f);
                if (m != null) {
                    inScope.add(m);
                }
            }
        }
        for (String rk : restoreKeys) {
            Optional<CacheManifest> newest = inScope.stream().filter(m -> m.key().startsWith(rk))
                    .max(Comparator.comparingLong(CacheManifest::savedAt));
            if (newest.isPresent()) {
                return Optional.of(manifestFile(scope, newest.get().key()));
            }
        }
        return Optional.empty();
    }

    private boolean complete(CacheManifest m) {
        for (CacheManifest.Entry e : m.entries()) {
            if (!safeRelative(e.path())) {
                return false;
            }
            if ("file".equals(e.type()) && (e.sha256() == null || !Files.exists(object(e.sha256())))) {
                return false;
            }
        }
        return true;
    }

    /** Writes the manifest's tree at {@code target}; returns {files, bytes}. */
    private long[] materialize(CacheManifest m, Path target) throws IOException {
        // Into a path that does not exist yet (the usual fresh workspace) nothing needs replacing: fewer calls.
        boolean fresh = !Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        List<CacheManifest.Entry> dirs = new ArrayList<>();
        List<CacheManifest.Entry> files = new ArrayList<>();
        Set<String> dirPaths = new HashSet<>();
        for (CacheManifest.Entry e : m.entries()) {
            Path to = e.path().isEmpty() ? target : target.resolve(e.path());
            int slash = e.path().lastIndexOf('/');
            String parent = slash < 0 ? "" : e.path().substring(0, slash);
            if (!e.path().isEmpty() && !dirPaths.contains(parent)) {
                throw new IOException("cache '" + m.key() + "' is damaged: '" + e.path() + "' comes before its folder");
            }
            switch (e.type()) {
                case "dir" -> {
                    if (fresh) {
                        if (e.path().isEmpty()) {
                            Files.createDirectories(to);
                        } else {
                            Files.createDirectory(to);
                        }
                    } else {
                        boolean linkedRoot = e.path().isEmpty() && Files.isDirectory(to); // ~/.m2 -> /data/m2
                        if (!linkedRoot && (Files.isSymbolicLink(to) || (Files.exists(to, LinkOption.NOFOLLOW_LINKS)
                                && !Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)))) {
                            Files.delete(to);
                        }
                        if (!Files.isDirectory(to)) {
                            Files.createDirectories(to);
                        }
                    }
                    dirs.add(e);
                    dirPaths.add(e.path());
                }
                case "file" -> files.add(e); // written after the folders
                case "link" -> {
                    if (e.path().isEmpty()) {
                        Files.createDirectories(to.getParent());
                    }
                    if (fresh) {
                        Files.createSymbolicLink(to, Path.of(e.link()));
                        continue;
                    }
                    if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                        FolderTrees.deleteTree(to);
                    } else {
                        Files.deleteIfExists(to);
                    }
                    Files.createSymbolicLink(to, Path.of(e.link()));
                }
                default -> {
                    // unknown entry types from a newer format are skipped
                }
            }
        }
        long[] written = writeFiles(files, target, fresh);
        // Folder modes and times last (children changed them); deepest first, so a read-only folder is set last.
        for (int i = dirs.size() - 1; i >= 0; i--) {
            CacheManifest.Entry e = dirs.get(i);
            Path to = e.path().isEmpty() ? target : target.resolve(e.path());
            Files.setPosixFilePermissions(to, permissions(e.mode()));
            Files.setLastModifiedTime(to, FileTime.fromMillis(e.mtime()));
        }
        return written;
    }

    /** Copies the files' contents from the store; returns {files, bytes}. */
    private long[] writeFiles(List<CacheManifest.Entry> files, Path target, boolean fresh) throws IOException {
        long[] written = new long[2];
        for (CacheManifest.Entry e : files) {
            writeFile(e, e.path().isEmpty() ? target : target.resolve(e.path()), fresh);
            written[0]++;
            written[1] += e.size();
        }
        return written;
    }

    private void writeFile(CacheManifest.Entry e, Path to, boolean fresh) throws IOException {
        if (e.path().isEmpty()) {
            Files.createDirectories(to.getParent());
        }
        if (fresh) {
            Files.copy(object(e.sha256()), to);
        } else {
            if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                FolderTrees.deleteTree(to);
            }
            Files.copy(object(e.sha256()), to, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(to, permissions(e.mode()));
        Files.setLastModifiedTime(to, FileTime.fromMillis(e.mtime()));
    }

    /**
     * Stores a file's content (if new) and returns its SHA-256; {@code sizes[0]} gets the bytes added to the store,
     * {@code sizes[1]} the size of the content hashed. Content
     * already stored costs one read and no write (the common case: a cache saved again after a run that restored
     * it). New content is copied while hashed again, so an object is always exactly the bytes its name says.
     */
    private String storeObject(Path file, long[] sizes) throws IOException {
        String sha;
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), sha256Digest())) {
            sizes[1] = in.transferTo(java.io.OutputStream.nullOutputStream());
            sha = HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
        Path obj = object(sha);
        if (Files.exists(obj)) {
            return sha;
        }
        Path tmp = tmpFile();
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), sha256Digest())) {
            Files.copy(in, tmp);
            if (!sha.equals(HexFormat.of().formatHex(in.getMessageDigest().digest()))) {
                Files.deleteIfExists(tmp);
                throw new IOException(file + " changed while it was being saved to the cache");
            }
        }
        Files.setPosixFilePermissions(tmp, READ_ONLY);
        Files.createDirectories(obj.getParent());
        try {
            Files.move(tmp, obj, StandardCopyOption.ATOMIC_MOVE);
            sizes[0] = sizes[1];
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp); // stored concurrently by another save: same content
        }
        return sha;
    }

    private Path tmpFile() throws IOException {
        Path tmp = dir.resolve("tmp");
        Files.createDirectories(tmp);
        return tmp.resolve(UUID.randomUUID().toString());
    }

    private Path object(String sha) {
        return dir.resolve("objects").resolve(sha.substring(0, 2)).resolve(sha);
    }

    private Path manifestFile(CacheScope scope, String key) {
        return dir.resolve("entries").resolve(scope.id()).resolve(key + ".json");
    }

    private CacheManifest read(Path manifest) {
        try {
            return json().readValue(manifest.toFile(), CacheManifest.class);
        } catch (IOException e) {
            return null; // unreadable or from an unknown format: treated as absent
        }
    }

    private static void requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
            throw new IllegalArgumentException("'" + key + "' is not a valid cache key (letters, digits, '-', '_'"
                    + " and '.')");
        }
    }

    private static boolean safeRelative(String rel) {
        if (rel.isEmpty()) {
            return true;
        }
        if (rel.startsWith("/") || rel.contains("\\")) {
            return false;
        }
        for (String seg : rel.split("/")) {
            if (seg.isEmpty() || seg.equals("..") || seg.equals(".")) {
                return false;
            }
        }
        return true;
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString();
    }

    private static int mode(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission perm : a.permissions()) {
            mode |= 1 << (8 - perm.ordinal());
        }
        return mode;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission perm : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - perm.ordinal()))) != 0) {
                perms.add(perm);
            }
        }
        return perms;
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
