package dev.gantry.actions.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one command of an action Gantry runs itself (the CDK CLI, {@code npm}, a custom action's {@code node}
 * script): exactly the given environment, stdin closed, stdout and stderr merged line by line into {@code lines};
 * the action's cancellation ends its whole process tree.
 */
public final class ToolProcess {
    /** Lines longer than this are cut (a tool printing a minified bundle must not exhaust memory). */
    static final int MAX_LINE_CHARS = 64 * 1024;

    private ToolProcess() {
    }

    /**
     * Runs {@code command} in {@code directory}; returns its exit status.
     *
     * @throws TaskCancelled when the action was cancelled (the process tree has been ended)
     * @throws IOException   when the command cannot start (e.g. not installed)
     */
    public static int run(TaskRun run, List<String> command, Path directory, Map<String, String> environment,
                          Consumer<String> lines) throws IOException, TaskCancelled, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        Runnable unregister = run.cancellation().onCancel(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.accept(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line);
            }
        } catch (IOException e) {
            // the stream closes when the process is ended
        } finally {
            unregister.run();
        }
        int status = p.waitFor();
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        run.checkCancelled();
        return status;
    }
}
