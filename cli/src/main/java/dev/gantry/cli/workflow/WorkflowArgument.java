package dev.gantry.cli.workflow;

import dev.gantry.cli.CommandFailure;
import dev.gantry.cli.ExitCode;
import dev.gantry.cli.GantryCommand;
import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The optional {@code WORKFLOW} positional parameter shared by {@code graph}, {@code list} and {@code run}, as a
 * Picocli mixin ({@code @Mixin WorkflowArgument workflow;}), plus the one way those commands turn it into a valid
 * workflow: locate it ({@link WorkflowLocator}), load and validate it ({@link WorkflowFiles}), and when that fails
 * print why and give the exit code.
 */
public final class WorkflowArgument {
    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKFLOW",
            description = "A workflow file, a folder, or a workflow Name under .codecatalyst/workflows/ of the "
                    + "current folder. Default: the only workflow there.")
    String workflow;

    /** The argument as given, if any. */
    public Optional<String> value() {
        return Optional.ofNullable(workflow);
    }

    /**
     * Locates, loads and validates the workflow. Warnings do not stop it (they stay in the result's diagnostics);
     * errors do: they are printed to {@code err} as {@code file:line:col: error: message [rule]}.
     *
     * @param cwd   the current folder (relative paths and {@code .codecatalyst/workflows/} are found from it)
     * @param files the loader, with the validation options the command uses
     * @param err   where problems are printed
     * @throws CommandFailure when there is no single workflow (exit 2) or it has errors (exit 3)
     */
    public LoadedWorkflow load(Path cwd, WorkflowFiles files, PrintWriter err) throws CommandFailure {
        return load(locate(cwd, err), files, err);
    }

    /**
     * Finds the file the argument names, without reading it.
     *
     * @throws CommandFailure when there is no single workflow (exit 2); the reason has been printed
     */
    public WorkflowLocator.LocatedWorkflow locate(Path cwd, PrintWriter err) throws CommandFailure {
        try {
            return new WorkflowLocator(cwd).locate(workflow);
        } catch (WorkflowLocator.WorkflowNotFoundException e) {
            err.println("gantry: " + e.getMessage());
            err.flush();
            throw new CommandFailure(ExitCode.USAGE);
        }
    }

    /**
     * Loads and validates a located workflow; errors are printed as in {@link #load(Path, WorkflowFiles,
     * PrintWriter)}.
     *
     * @throws CommandFailure when it has errors (exit 3)
     */
    public static LoadedWorkflow load(WorkflowLocator.LocatedWorkflow located, WorkflowFiles files, PrintWriter err)
            throws CommandFailure {
        LoadedWorkflow loaded = files.load(located.path(), located.displayName());
        if (loaded.workflow() == null || loaded.hasErrors()) {
            for (Diagnostic d : loaded.diagnostics()) {
                err.println(d.format());
            }
            long errors = loaded.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
            err.println("gantry: " + located.displayName() + " is not a valid workflow ("
                    + (errors == 1 ? "1 error" : errors + " errors") + ")");
            err.flush();
            throw new CommandFailure(ExitCode.INVALID_WORKFLOW);
        }
        return loaded;
    }
}
