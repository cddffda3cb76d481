package dev.gantry.runners.shell;

import dev.gantry.engine.model.Variable;
import dev.gantry.engine.run.StepsJob;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a shell started somewhere else (in a container, on another host) needs of the job: its environment and the
 * local folders it must see.
 *
 * <p>The environment there starts from that machine's own (the image's {@code ENV}, the remote login's
 * variables), and the job's variables are laid over it, except the ones that describe this machine
 * ({@link #HOST_ONLY}: {@code PATH}, {@code HOME}, {@code USER}, {@code TMPDIR}, {@code SSH_AUTH_SOCK}), which keep
 * the other machine's values unless the action's {@code Inputs.Variables} set them.
 */
public final class ShellStart {
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
}
