package dev.gantry.service.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.engine.files.FolderTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A records folder ({@code .gantry/runs/}): one sub-folder per run with its {@code run.json}. A run's
 * {@code run.json} names its owner (process id and start time); when Gantry starts, {@link #markAbandoned()} turns
 * every run still saying {@code running} whose owner is gone (killed, crashed, the machine rebooted) into
 * {@code abandoned}, and removes what it left behind that may hold secrets (its scratch folder).
 *
 * @param folder       the records folder
 * @param scratchRoots where runs put their scratch folders ({@code <root>/gantry-<run-id>/}), e.g. {@code /dev/shm}
 */
public record RunRecords(Path folder, List<Path> scratchRoots) {
    /** {@code run.json}'s status while the run is going on. */
    public static final String RUNNING = "running";
    /** {@code run.json}'s status of a run whose owner died. */
    public static final String ABANDONED = "abandoned";
    /** Bound on a {@code run.json} read here (a record, not a data file). */
    private static final long MAX_RECORD_BYTES = 16L << 20;

    public RunRecords {
        scratchRoots = List.copyOf(scratchRoots);
    }

    /** The process that owns a run. */
    public record Owner(long pid, Instant started) {
        public static Owner thisProcess() {
            ProcessHandle me = ProcessHandle.current();
            return new Owner(me.pid(), me.info().startInstant().orElse(null));
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", pid);
            m.put("started", started);
            return m;
        }

        /** Whether this process is still alive (the same process: a reused pid has another start time). */
        boolean alive() {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return false;
            }
            Optional<Instant> start = p.get().info().startInstant();
            return started == null || start.isEmpty() || start.get().equals(started);
        }
    }

    /**
     * Marks every run of the folder that says {@code running} but whose owner is gone as {@code abandoned} (the run
     * and its unfinished actions), and removes its scratch folders. Returns the run ids marked. Never throws: a
     * record it cannot read or write is left as it is.
     */
    public List<String> markAbandoned() {
        List<String> marked = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return marked;
        }
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(folder)) {
            for (Path run : runs) {
                if (markIfAbandoned(run)) {
                    marked.add(run.getFileName().toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder that cannot be listed is not ours to mend
        }
        return marked;
    }

    @SuppressWarnings("unchecked")
    private boolean markIfAbandoned(Path run) {
        Path json = run.resolve("run.json");
        try {
            if (!Files.isRegularFile(json) || Files.size(json) > MAX_RECORD_BYTES || !saysRunning(json)) {
                return false;
            }
            Map<String, Object> m = new ObjectMapper().readValue(json.toFile(), LinkedHashMap.class);
            if (!RUNNING.equals(m.get("status")) || !(m.get("owner") instanceof Map<?, ?> owner)
                    || !(owner.get("pid") instanceof Number pid)) {
                return false;
            }
            Instant started = owner.get("started") instanceof String s ? Instant.parse(s) : null;
            if (new Owner(pid.longValue(), started).alive()) {
                return false;
            }
            m.put("status", ABANDONED);
            m.put("abandoned", Instant.now());
            if (m.get("actions") instanceof List<?> actions) {
                for (Object a : actions) {
                    if (a instanceof Map<?, ?> am && ("waiting".equals(am.get("status"))
                            || RUNNING.equals(am.get("status")))) {
                        ((Map<String, Object>) am).put("status", ABANDONED);
                    }
                }
            }
            Path tmp = run.resolve("run.json.tmp");
            Files.writeString(tmp, Json.pretty(m), StandardCharsets.UTF_8);
            Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String runId = run.getFileName().toString();
            for (Path root : scratchRoots) {
                FolderTrees.deleteQuietly(root.resolve(scratchFolderName(runId)));
            }
            FolderTrees.deleteQuietly(run.resolve("tmp"));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether the start of {@code json} says {@code "status": "running"} (the status follows the header, near the
     * top): every start reads only that much of each finished run's record.
     */
    private static boolean saysRunning(Path json) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(json)) {
            String head = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            return head.contains("\"status\": \"" + RUNNING + "\"");
        }
    }

    /** The name of a run's scratch folder under a scratch root. */
    public static String scratchFolderName(String runId) {
        return "gantry-" + runId;
    }
}
