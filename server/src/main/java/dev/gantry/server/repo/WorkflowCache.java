package dev.gantry.server.repo;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.scm.git.RepositoryFile;
import dev.gantry.scm.git.RepositoryMirror;
import dev.gantry.scm.git.ScmException;
import dev.gantry.scm.git.TreeFile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The workflow files of commits, each read and validated once per content: kept by path and blob id, so a push
 * that changes no workflow file reads none, and a changed file (a new blob) is read afresh. Bounded: at most
 * {@code maxEntries} files and {@code maxBytes} of file content, the least recently used dropped first. Safe for
 * concurrent use.
 */
public final class WorkflowCache {
    /** Default bounds: 256 files, 16 MiB of workflow text. */
    public static final int DEFAULT_MAX_ENTRIES = 256;
    public static final long DEFAULT_MAX_BYTES = 16L << 20;

    /** A workflow file of a commit, loaded and validated. */
    public record Parsed(RepositoryFile file, LoadedWorkflow loaded) {
    }

    private final BiFunction<String, String, LoadedWorkflow> parse;
    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<TreeFile, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long reads;

    /**
     * @param parse      loads and validates one file: (path, text) to its workflow and diagnostics
     * @param maxEntries the most files kept
     * @param maxBytes   the most file content kept, in bytes
     */
    public WorkflowCache(BiFunction<String, String, LoadedWorkflow> parse, int maxEntries, long maxBytes) {
        if (maxEntries < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a cache holds at least one entry and one byte");
        }
        this.parse = parse;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /**
     * Every workflow file of {@code commit} in {@code mirror} (sorted by path), loaded and validated, from the cache
     * where the same file with the same content was read before.
     *
     * @throws ScmException when the commit is unknown or a file is over the mirror's limits
     */
    public List<Parsed> at(RepositoryMirror mirror, String commit) throws ScmException {
        List<Parsed> result = new ArrayList<>();
        for (TreeFile f : mirror.workflowTree(commit)) {
            result.add(get(mirror, f));
        }
        return result;
    }

    /** The workflow file at {@code path} of {@code commit}, if the commit has it. */
    public Optional<Parsed> file(RepositoryMirror mirror, String commit, String path) throws ScmException {
        for (TreeFile f : mirror.workflowTree(commit)) {
            if (f.path().equals(path)) {
                return Optional.of(get(mirror, f));
            }
        }
        return Optional.empty();
    }

    private record Entry(Parsed parsed, long bytes) {
    }

    private Parsed get(RepositoryMirror mirror, TreeFile f) throws ScmException {
        synchronized (entries) {
            Entry known = entries.get(f);
            if (known != null) {
                return known.parsed();
            }
        }
        RepositoryFile file = mirror.read(f);
        String text = file.text();
        Entry entry = new Entry(new Parsed(file, parse.apply(f.path(), text)), text.length());
        synchronized (entries) {
            reads++;
            Entry raced = entries.putIfAbsent(f, entry);
            if (raced != null) {
                return raced.parsed();
            }
            bytes += entry.bytes();
            Iterator<Entry> eldest = entries.values().iterator();
            while ((entries.size() > maxEntries || bytes > maxBytes) && entries.size() > 1) {
                bytes -= eldest.next().bytes();
                eldest.remove();
            }
            return entry.parsed();
        }
    }

    /** How many files are kept. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** How many files were read and validated (not found in the cache) so far. */
    public long reads() {
        synchronized (entries) {
            return reads;
        }
    }

    /** How many bytes of file content are kept. */
    public long bytes() {
        synchronized (entries) {
            return bytes;
        }
    }
}
