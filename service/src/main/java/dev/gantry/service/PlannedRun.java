package dev.gantry.service;

import dev.gantry.actions.ActionRegistry;
import dev.gantry.actions.aws.AwsEnvironments;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ReferenceValues;
import dev.gantry.engine.run.RunPlan;
import dev.gantry.engine.run.SecretMasker;
import dev.gantry.runners.workspace.SourceRepository;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A run planned and checked, nothing started: what a dry run shows, and what {@link RunService#start(PlannedRun,
 * dev.gantry.engine.run.RunListener...)} runs. Close it when it is not started (it holds the AWS resolver).
 *
 * @param request         what was asked
 * @param plan            what would run, in order, on which runners
 * @param source          the source the workspaces would be copied from
 * @param references      the workflow's reference values (secrets included: mask before showing)
 * @param masker          the run's secrets
 * @param baseEnvironment the host part of every step environment
 * @param concurrency     the limit asked for, {@code null} for none
 * @param bind            whether actions would run in the source folder itself
 * @param awsNotes        what each action's AWS environment resolves to, in words (no AWS call made)
 * @param warnings        the workflow's warnings
 * @param types           what each identifier does (the request's approver bound)
 * @param aws             resolves the actions' AWS environments (for the run: closed when it ends)
 */
public record PlannedRun(RunRequest request, RunPlan plan, SourceRepository source, ReferenceValues references, SecretMasker masker,
                         Map<String, String> baseEnvironment, Integer concurrency, boolean bind,
                         Function<Action, List<String>> awsNotes, List<Diagnostic> warnings,
                         ActionRegistry types, AwsEnvironments aws) implements AutoCloseable {
    public PlannedRun {
        warnings = List.copyOf(warnings);
    }

    @Override
    public void close() {
        aws.close();
    }
}
