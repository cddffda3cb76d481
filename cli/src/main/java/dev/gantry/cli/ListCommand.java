package dev.gantry.cli;

import dev.gantry.cli.graph.ActionTable;
import dev.gantry.cli.workflow.WorkflowArgument;
import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gantry list [WORKFLOW] [--json]}: one line per action — name, identifier, what it depends on, fleet and
 * architecture. Exit 0; 2 when WORKFLOW names no single file; 3 when the workflow has errors.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists a workflow's actions, one line each: name, identifier, depends on, fleet, architecture "
                + "(amd64, arm64, ? for a provisioned fleet).")
public final class ListCommand implements Callable<Integer> {
    @Mixin
    WorkflowArgument workflow;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Path cwd;

    public ListCommand() {
        this(Path.of(""));
    }

    /** @param cwd the folder WORKFLOW is looked up from */
    public ListCommand(Path cwd) {
        this.cwd = cwd;
    }

    @Override
    public Integer call() throws CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        LoadedWorkflow loaded;
        loaded = workflow.load(cwd, new WorkflowFiles(ValidationOptions.DEFAULT), spec.commandLine().getErr());
        ActionTable table = ActionTable.of(loaded.workflow());
        out.print(json ? table.json() : table.text());
        out.flush();
        return 0;
    }
}
