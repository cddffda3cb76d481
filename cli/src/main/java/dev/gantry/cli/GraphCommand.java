package dev.gantry.cli;

import dev.gantry.cli.graph.GraphFormat;
import dev.gantry.cli.graph.GraphView;
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
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code gantry graph [WORKFLOW] [--format text|dot|mermaid|json]}: the workflow's actions as a dependency graph,
 * with its groups and the kind of each edge. Exit 0; 2 when WORKFLOW names no single file; 3 when the workflow
 * has errors (printed as {@code file:line:col: error: message [rule]}).
 */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Shows a workflow's actions as a dependency graph: parallel levels and the critical path "
                + "(text), or Graphviz (dot), Mermaid (mermaid) or JSON (json) with groups as clusters and "
                + "DependsOn, variable and artifact edges told apart."})
public final class GraphCommand implements Callable<Integer> {
    @Mixin
    WorkflowArgument workflow;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            description = "text (default), dot, mermaid or json.")
    GraphFormat format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Path cwd;

    public GraphCommand() {
        this(Path.of(""));
    }

    /** @param cwd the folder WORKFLOW is looked up from */
    public GraphCommand(Path cwd) {
        this.cwd = cwd;
    }

    @Override
    public Integer call() throws CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadedWorkflow loaded;
        loaded = workflow.load(cwd, new WorkflowFiles(ValidationOptions.DEFAULT), err);
        out.print(format.render(GraphView.of(loaded.workflow(), loaded.file())));
        out.flush();
        return 0;
    }

    /** Reads {@code --format} in any case, naming the choices when it is none of them. */
    static final class FormatConverter implements CommandLine.ITypeConverter<GraphFormat> {
        @Override
        public GraphFormat convert(String value) {
            try {
                return GraphFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown format '" + value
                        + "'; use text, dot, mermaid or json");
            }
        }
    }
}
