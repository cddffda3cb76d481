package dev.gantry.actions.deploy;

import dev.gantry.actions.aws.ActionAws;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.JobEvents;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.Workspace;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of a {@link DeployTask}: the job it runs for (environment, workspace, inputs), its log, and its
 * cancellation. Resolves the paths the service's actions accept (reference §2.10) and the shell-style
 * {@code $NAME} references real files put in properties.
 */
public final class TaskRun {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private final StepsJob job;
    private final JobEvents events;
    private final Cancellation cancellation;

    public TaskRun(StepsJob job, JobEvents events, Cancellation cancellation) {
        this.job = job;
        this.events = events;
        this.cancellation = cancellation;
    }

    public StepsJob job() {
        return job;
    }

    public Map<String, String> environment() {
        return job.environment();
    }

    /** Writes one line to the action's log. */
    public void log(String line) {
        events.log(line);
    }

    /** Ends the task (as cancelled) when the action was cancelled (timeout, fail-fast, Ctrl-C). */
    public void checkCancelled() throws TaskCancelled {
        if (cancellation.isCancelled()) {
            throw new TaskCancelled();
        }
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** Waits {@code millis} (a polling interval), ending early and throwing when cancelled. */
    public void pause(long millis) throws TaskCancelled, InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            checkCancelled();
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000L)));
        }
        checkCancelled();
    }

    /** The AWS identity of the action (its Environment's credentials), in {@code regionProperty} when given. */
    public ActionAws aws(String regionProperty) {
        return ActionAws.of(job.environment(), regionProperty == null ? null : expand(regionProperty));
    }

    /** {@code text} with {@code $NAME} and {@code ${NAME}} replaced by the action's environment variables that exist. */
    public String expand(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = job.environment().get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A file named in a property, as the service resolves it: {@code $CATALYST_SOURCE_DIR_<input>/...},
     * {@code /artifacts/<action>/<artifact>/...} (or {@code <group>@<action>}), {@code /sources/WorkflowSource/...},
     * else relative to the primary input.
     */
    public Path inputPath(String property) {
        String p = expand(property.strip());
        return servicePath(p).orElseGet(() -> {
            Path given = Path.of(p);
            return given.isAbsolute() ? given : job.workingDirectory().resolve(given).normalize();
        });
    }

    /**
     * {@code text} as a local path when it is one of the service's input paths ({@code /artifacts/<action>/<input>/...}
     * or {@code /sources/<input>/...}) naming an input of this action; else empty.
     */
    public java.util.Optional<Path> servicePath(String text) {
        String p = text.strip();
        Workspace ws = job.workspace();
        for (String prefix : new String[] {"/artifacts/", "/sources/"}) {
            if (p.startsWith(prefix)) {
                String[] parts = p.substring(prefix.length()).split("/", 3);
                if (prefix.equals("/artifacts/") && parts.length >= 2 && ws.inputs().containsKey(parts[1])) {
                    return java.util.Optional.of(ws.inputs().get(parts[1]).resolve(parts.length == 3 ? parts[2] : "")
                            .normalize());
                }
                if (prefix.equals("/sources/") && ws.inputs().containsKey(parts[0])) {
                    String rest = p.substring(prefix.length() + parts[0].length());
                    return java.util.Optional.of(ws.inputs().get(parts[0]).resolve(rest.replaceFirst("^/+", ""))
                            .normalize());
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code path} as the log shows it: relative to the primary input when inside it. */
    public String shown(Path path) {
        Path base = job.workingDirectory();
        return path.startsWith(base) ? base.relativize(path).toString() : path.toString();
    }
}
