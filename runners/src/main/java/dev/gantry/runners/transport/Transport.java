package dev.gantry.runners.transport;

import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.runners.shell.ShellStart;
import dev.gantry.runners.shell.StepShell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a runner reaches the place where an action's step shell runs: a local process, a container, an SSH
 * channel, a Kubernetes pod. It is the only thing a runner kind implements; {@code ShellRunner} is the one process
 * skeleton over it (it writes the step driver, starts it, streams and tracks the steps, reads the output variables,
 * cancels, and ends every process the action started). See {@code runners/README.md} for the full contract.
 *
 * <p>A transport never sees a secret on a command line or in a file: the step program (with the job's environment
 * and the substituted step text) reaches the shell on its standard input.
 */
public interface Transport extends AutoCloseable {
    /** The runner kind it gives: {@code local}, {@code container}, {@code ssh}, {@code kubernetes}, ... */
    String kind();

    /**
     * Prepares the place for one action: connect, start a container, send the workspace. Called once per action on
     * the action's own thread (several actions at once, up to the runner's capacity). Should give up promptly when
     * {@code cancellation} fires (throw {@link TransportException}; the skeleton reports the cancellation).
     */
    Session open(StepsJob job, Cancellation cancellation) throws TransportException;

    /** Called once when the run is over, after every session was closed: close connections. Default: nothing. */
    @Override
    default void close() {
    }

    /** One action's place. The skeleton calls {@link #start} at most once, then {@link #close} exactly once. */
    interface Session extends AutoCloseable {
        /**
         * A local path (the workspace root, an input folder, the working directory, the scratch folder, or a path
         * below them) as the shell sees it there. Default: the same path (this machine, or mounted at the same paths).
         */
        default String pathOf(Path local) {
            return local.toAbsolutePath().toString();
        }

        /**
         * The variables the step program exports before the first step. Default: the job's environment laid over
         * the place's own (image {@code ENV}, login), except {@link ShellStart#HOST_ONLY}, path variables mapped by
         * {@link #pathOf}. A transport whose shell starts from an empty environment (local) returns the job's.
         */
        default Map<String, String> environment(StepsJob job) {
            return ShellStart.environmentFor(job, p -> pathOf(Path.of(p)));
        }

        /**
         * Starts {@code command} there (an argument vector: {@code argv[0]} is found on the place's {@code PATH};
         * it holds no secret; the program it reads changes to the working directory itself), with stdin a pipe from
         * Gantry and stdout and stderr merged into one stream. A local shell gets a session of its own
         * ({@code setsid}), so a terminal's Ctrl-C reaches Gantry, not the steps.
         */
        ShellProcess start(List<String> command) throws IOException;

        /**
         * Runs a short bash script there (no secret in it) to its end or until {@code limit}, stdin empty, and
         * returns what it printed on stdout. The skeleton uses it to end the action's processes and to read the
         * output variables' file; it may be called while the shell runs (from another thread) and after it exited.
         */
        byte[] run(String script, Duration limit) throws IOException;

        /**
         * Ends every process the action started (see {@code ProcessSweep}: the action's cgroup and/or its
         * environment {@code cookie}, {@code GANTRY_KEEP_RUNNING=1} spared, SIGTERM then after {@code grace} SIGKILL),
         * then runs {@code then} (a short script, or empty) and returns what it printed. Called while the shell runs
         * (on cancel, from another thread) and after it exited. Default: the {@code ProcessSweep} script in the
         * session's {@link #shell} through {@link #run}; a transport on this machine does it without a process.
         */
        default byte[] endProcesses(String cookie, String cgroup, Duration grace, String then, Duration limit)
                throws IOException {
            return run(shell().sweep(cookie, cgroup, grace, then), limit);
        }

        /**
         * Reads a file there ({@code path} as the shell sees it); empty when it does not exist. Default: through
         * {@link #run}; a transport that sees the file locally reads it directly.
         */
        default byte[] read(String path) throws IOException {
            return run("cat -- " + ShellQuoting.quote(path) + " 2>/dev/null || true", Duration.ofMinutes(1));
        }

        /**
         * Why the shell could not start, when it exited with {@code exitCode} before the first step (e.g. docker's
         * 125 for an image that cannot be pulled), or {@code null} for the generic message.
         */
        default String startFailure(int exitCode) {
            return null;
        }

        /**
         * Whether the shell works on the local folders themselves (this machine, bind mounts): then nothing needs
         * copying back, and ending what the steps left running and {@link #close} may finish after the action's
         * result is reported. Default: {@code false} (the skeleton ends the processes, reads the outputs in the same
         * {@link #run}, then closes, before it reports).
         */
        default boolean worksInPlace() {
            return false;
        }

        /** Where this is, for messages: {@code ssh ci@host:22}, {@code container gantry-build-1a2b}. */
        String describe();

        /**
         * What {@link #close} leaves behind because the job says to keep it ({@code --keep}), and how to remove it,
         * for the action's log; {@code null} (default) when nothing is kept.
         */
        default String kept() {
            return null;
        }

        /**
         * The shell the steps run in there: {@code bash} (default), or POSIX {@code sh} where there is no bash (an
         * image without it); {@link #run} scripts are then in that language too.
         */
        default StepShell shell() {
            return StepShell.BASH;
        }

        /**
         * Called once, after the shell exited and its processes were ended, or after a cancellation: copy what the
         * steps left back into the local workspace (unless {@code copyBack} is false: interrupted), and remove
         * everything made there.
         */
        void close(boolean copyBack) throws IOException;

        @Override
        default void close() throws IOException {
            close(true);
        }
    }

    /** The started shell. */
    interface ShellProcess {
        /** Its standard input; the skeleton writes the step program, then closes it. */
        OutputStream stdin();

        /** Its stdout and stderr, merged; ends when the shell and everything holding the stream are gone. */
        InputStream output();

        /**
         * Waits for its exit status: 128+N for signal N, -1 when the connection was lost. Returns when the shell
         * process has exited, even while processes it left running still hold {@link #output} open (the skeleton
         * ends those then).
         */
        int waitFor() throws InterruptedException;

        /**
         * Drops the connection or client (a docker client still pulling, an SSH channel) so that {@link #output}
         * ends; the skeleton has already ended the processes there with a script through {@link Session#run}.
         */
        void abort();
    }
}
