package dev.gantry.runners.shell;

import dev.gantry.engine.model.Variable;
import dev.gantry.engine.run.StepsJob;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How runners that start the step shell somewhere else (in a container, on another host) hand it the step
 * environment: never on a command line (secrets would show in {@code ps} and in {@code docker inspect}), but in a
 * file of {@code NAME=VALUE\0} records (any value, newlines included) in the private scratch folder, which a small
 * start script ({@link #script}) exports before it runs the {@link BashDriver} with stderr merged into stdout.
 *
 * <p>The environment there starts from that machine's own (the image's {@code ENV}, the remote login's
 * variables), and the job's variables are laid over it, except the ones that describe this machine
 * ({@link #HOST_ONLY}: {@code PATH}, {@code HOME}, {@code USER}, {@code TMPDIR}, {@code SSH_AUTH_SOCK}), which keep
 * the other machine's values unless the action's {@code Inputs.Variables} set them.
 */
public final class ShellStart {
    /** The start script's file name in the scratch folder. */
    public static final String SCRIPT = "start.sh";
    /** The environment file's name in the scratch folder. */
    public static final String ENVIRONMENT = "environment";
    /** Host variables that describe this machine and do not apply to another one. */
    public static final List<String> HOST_ONLY = List.of("PATH", "HOME", "USER", "TMPDIR", "SSH_AUTH_SOCK");

    private ShellStart() {
    }

    /**
     * The job's environment for another machine: without {@link #HOST_ONLY} variables the action does not set
     * itself, and with each path variable ({@link StepsJob#pathVariables()}) mapped by {@code paths}.
     */
    public static Map<String, String> environmentFor(StepsJob job, UnaryOperator<String> paths) {
        Set<String> ownNames = new java.util.HashSet<>();
        for (Variable v : job.action().inputs().variables()) {
            ownNames.add(v.name());
        }
        Map<String, String> env = new LinkedHashMap<>();
        job.environment().forEach((name, value) -> {
            if (HOST_ONLY.contains(name) && !ownNames.contains(name)) {
                return;
            }
            env.put(name, job.pathVariables().contains(name) ? paths.apply(value) : value);
        });
        return env;
    }

    /**
     * The local folders a shell elsewhere must see at their paths: the workspace root, each input folder outside
     * it (a live {@code --bind} source), the working directory when outside those, and the scratch folder.
     */
    public static List<Path> folders(StepsJob job) {
        Set<Path> folders = new LinkedHashSet<>();
        Path root = job.workspace().root().toAbsolutePath().normalize();
        folders.add(root);
        for (Path input : job.workspace().inputs().values()) {
            Path p = input.toAbsolutePath().normalize();
            if (!p.startsWith(root)) {
                folders.add(p);
            }
        }
        Path wd = job.workingDirectory().toAbsolutePath().normalize();
        if (folders.stream().noneMatch(wd::startsWith)) {
            folders.add(wd);
        }
        folders.add(job.scratchDirectory().toAbsolutePath().normalize());
        return List.copyOf(folders);
    }

    /** Writes {@code environment} to the environment file in {@code folder}, readable by its owner only. */
    public static void writeEnvironment(Path folder, Map<String, String> environment) throws java.io.IOException {
        Path file = folder.resolve(ENVIRONMENT);
        java.nio.file.Files.write(file, new byte[0]);
        java.nio.file.Files.setPosixFilePermissions(file,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        java.nio.file.Files.write(file, encode(environment));
    }

    /** The environment file's bytes: {@code NAME=VALUE\0} per variable. */
    public static byte[] encode(Map<String, String> environment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        environment.forEach((name, value) -> {
            out.writeBytes((name + "=" + value).getBytes(StandardCharsets.UTF_8));
            out.write(0);
        });
        return out.toByteArray();
    }

    /**
     * The start script, run as {@code bash --noprofile --norc <folder>/start.sh}: merges stderr into stdout, exports
     * the environment file's variables, optionally writes its pid (the session id when started under
     * {@code setsid}) to {@code pidFile}, then runs the driver in {@code workingDirectory}; its exit status is the
     * driver's.
     *
     * @param folder           the scratch folder as the shell sees it
     * @param workingDirectory where the first step starts, as the shell sees it
     * @param pidFile          where to write the shell's pid, or {@code null}
     * @param after            commands to run after the driver (its status is kept), or {@code null} to
     *                         {@code exec} the driver
     */
    public static String script(String folder, String workingDirectory, String pidFile, String after) {
        StringBuilder s = new StringBuilder();
        s.append("# Gantry start script (generated): loads the step environment, then runs the step driver.\n");
        s.append("exec 2>&1\n");
        if (pidFile != null) {
            s.append("builtin echo $$ >").append(BashDriver.quote(pidFile)).append('\n');
        }
        s.append("while IFS= read -r -d '' __gantry_kv; do builtin export \"$__gantry_kv\" 2>/dev/null; done < ")
                .append(BashDriver.quote(folder + "/" + ENVIRONMENT)).append('\n');
        s.append("builtin unset __gantry_kv\n");
        s.append("builtin cd -- ").append(BashDriver.quote(workingDirectory)).append(" || builtin exit 1\n");
        String driver = "bash --noprofile --norc " + BashDriver.quote(folder + "/" + BashDriver.DRIVER) + " </dev/null";
        if (after == null) {
            s.append("exec ").append(driver).append('\n');
        } else {
            s.append(driver).append('\n');
            s.append("__gantry_rc=$?\n");
            s.append(after).append('\n');
            s.append("builtin exit $__gantry_rc\n");
        }
        return s.toString();
    }
}
