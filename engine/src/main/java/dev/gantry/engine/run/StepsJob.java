package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One action's steps, ready to run: everything a {@link Runner} needs, with every workflow reference already
 * substituted.
 *
 * @param actionId          the action's qualified id ({@code Build}, {@code Group.Build})
 * @param action            the action as it runs: references substituted, and its {@code Compute} the one that
 *                          applies to it ({@link dev.gantry.engine.model.Workflow#computeOf}: its own, else the
 *                          workflow's), for runners that read its configuration ({@code Configuration.Container})
 *                          or its fleet (a pod's size)
 * @param steps             the shell text of each step, in order
 * @param environment       the complete environment of the shell (nothing else from the host)
 * @param pathVariables     names in {@code environment} whose values are local paths inside the workspace
 *                          ({@code CATALYST_SOURCE_DIR_*}, {@code CATALYST_DEFAULT_DIR}); a runner that places the
 *                          workspace elsewhere rewrites them
 * @param workspace         the workspace on this machine
 * @param workingDirectory  where the first step starts (the primary input)
 * @param outputVariables   names whose values to capture after the last step
 * @param scratchDirectory  a private, existing, empty folder for the runner's own files (driver scripts); removed by
 *                          the executor afterwards, never kept (it may hold secrets)
 * @param runId             the run's id (a label on what a runner makes for the job, e.g. its container), or
 *                          {@code null}
 * @param keep              leave what the runner made for the job (a container) after it ends, for debugging
 *                          ({@code gantry run --keep}); its processes are ended all the same
 */
public record StepsJob(String actionId, Action action, List<String> steps, Map<String, String> environment,
                       Set<String> pathVariables, Workspace workspace, Path workingDirectory,
                       List<String> outputVariables, Path scratchDirectory, String runId, boolean keep) {
    /** A job of no particular run, whose place is removed at the end. */
    public StepsJob(String actionId, Action action, List<String> steps, Map<String, String> environment,
                    Set<String> pathVariables, Workspace workspace, Path workingDirectory,
                    List<String> outputVariables, Path scratchDirectory) {
        this(actionId, action, steps, environment, pathVariables, workspace, workingDirectory, outputVariables,
                scratchDirectory, null, false);
    }

    public StepsJob {
        steps = List.copyOf(steps);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        pathVariables = Set.copyOf(pathVariables);
        outputVariables = List.copyOf(outputVariables);
    }
}
