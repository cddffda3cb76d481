package dev.gantry.service.records;

import dev.gantry.engine.run.RunEvent;
import dev.gantry.engine.run.RunListener;
import dev.gantry.engine.run.RunReport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Writes a run's records under {@code .gantry/runs/<run-id>/}: {@code logs/<action>.log} (step output, step
 * boundaries and Gantry's notes, as they happen) and {@code run.json} (written when the run starts, and again,
 * complete, when it ends: actions, status, times, exit codes, outputs, steps). Everything it receives is already
 * masked.
 */
public final class RunRecorder implements RunListener, AutoCloseable {
    private final Path runDirectory;
    private final Map<String, Object> header;
    private final Map<String, BufferedWriter> logs = new HashMap<>();
    private final Map<String, List<Map<String, Object>>> steps = new HashMap<>();
    private final Function<RunReport, Map<String, Object>> trailer;
    private Consumer<String> problems;

    /**
     * @param runDirectory the run's folder
     * @param header       extra top-level facts for {@code run.json} (workflow file, source, options)
     * @param trailer      extra facts for the final {@code run.json} (e.g. the CLI's exit code)
     * @param problems     where to report (once) that a record cannot be written
     */
    public RunRecorder(Path runDirectory, Map<String, Object> header, Function<RunReport, Map<String, Object>> trailer,
                       Consumer<String> problems) {
        this.runDirectory = runDirectory;
        this.header = new LinkedHashMap<>(header);
        this.trailer = trailer;
        this.problems = problems;
    }

    /** The log file of an action. */
    public static Path logFile(Path runDirectory, String actionId) {
        return runDirectory.resolve("logs").resolve(actionId + ".log");
    }

    @Override
    public void onEvent(RunEvent event) {
        try {
            if (event instanceof RunEvent.RunStarted s) {
                Files.createDirectories(runDirectory.resolve("logs"));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("runId", s.runId());
                m.put("workflow", s.workflow());
                m.putAll(header);
                m.put("status", RunRecords.RUNNING);
                m.put("owner", RunRecords.Owner.thisProcess().toJson());
                m.put("started", s.at());
                m.put("actions", s.actions().stream().map(a -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("action", a.actionId());
                    p.put("status", "waiting");
                    p.put("dependsOn", a.dependsOn());
                    return p;
                }).toList());
                writeRunJson(m);
            } else if (event instanceof RunEvent.ActionStarted s) {
                log(s.actionId(), "==> started" + (s.runner() == null ? "" : " on " + s.runner()) + " at " + s.at());
            } else if (event instanceof RunEvent.StepStarted s) {
                log(s.actionId(), "==> step " + s.step() + "/" + s.steps() + ":");
                for (String l : s.text().stripTrailing().split("\n", -1)) {
                    log(s.actionId(), "    " + l);
                }
            } else if (event instanceof RunEvent.LogLine l) {
                log(l.actionId(), l.note() ? "gantry: " + l.text() : l.text());
            } else if (event instanceof RunEvent.StepFinished s) {
                Map<String, Object> st = new LinkedHashMap<>();
                st.put("step", s.step());
                st.put("status", s.status());
                st.put("durationMs", s.duration().toMillis());
                steps.computeIfAbsent(s.actionId(), k -> new ArrayList<>()).add(st);
                log(s.actionId(), "<== step " + s.step() + " exited with " + s.status());
            } else if (event instanceof RunEvent.ActionFinished f) {
                var r = f.result();
                if (r.started() != null || logs.containsKey(r.actionId())) {
                    log(r.actionId(), "<== " + r.status().label() + (r.message() == null ? "" : ": " + r.message()));
                }
                BufferedWriter w = logs.remove(r.actionId());
                if (w != null) {
                    w.close();
                }
            } else if (event instanceof RunEvent.RunFinished f) {
                writeRunJson(runJson(f.report()));
            }
        } catch (IOException | UncheckedIOException e) {
            if (problems != null) {
                problems.accept("cannot write the run records in " + runDirectory + ": " + e.getMessage());
                problems = null;
            }
        }
    }

    private Map<String, Object> runJson(RunReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runId", report.runId());
        m.put("workflow", report.workflow());
        m.putAll(header);
        m.put("status", report.status().label());
        m.putAll(trailer.apply(report));
        m.put("started", report.started());
        m.put("finished", report.finished());
        m.put("durationMs", report.duration().toMillis());
        m.put("actions", report.actions().stream().map(a -> {
            Map<String, Object> am = EventJson.action(a);
            am.put("steps", steps.getOrDefault(a.actionId(), List.of()));
            if (Files.exists(logFile(runDirectory, a.actionId()))) {
                am.put("log", runDirectory.relativize(logFile(runDirectory, a.actionId())).toString());
            }
            return am;
        }).toList());
        return m;
    }

    private void writeRunJson(Map<String, Object> m) throws IOException {
        Path tmp = runDirectory.resolve("run.json.tmp");
        Files.writeString(tmp, Json.pretty(m), StandardCharsets.UTF_8);
        Files.move(tmp, runDirectory.resolve("run.json"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private void log(String actionId, String line) throws IOException {
        BufferedWriter w = logs.get(actionId);
        if (w == null) {
            w = Files.newBufferedWriter(logFile(runDirectory, actionId), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            logs.put(actionId, w);
        }
        w.write(line);
        w.write('\n');
        w.flush();
    }

    @Override
    public void close() {
        for (BufferedWriter w : logs.values()) {
            try {
                w.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        logs.clear();
    }
}
