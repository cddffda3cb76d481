package dev.gantry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gantry convert FILE.yaml --to groovy [-o FILE.groovy]}: writes an existing YAML workflow as a Groovy DSL
 * file (a migration path); {@code --to yaml} goes the other way, like {@code export}. Exit 0 when written, 1 when the
 * workflow has errors (printed; nothing written), 2 for a usage error or an unreadable file.
 */
@Command(name = "convert", description = {"Writes an existing YAML workflow as a Groovy DSL file (--to groovy), "
        + "or a DSL file as YAML (--to yaml); to standard output, or to the file given with -o.",
        "The workflow is validated first; one with errors is not written (exit 1)."})
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The workflow file (.yaml, .yml or .groovy).")
    Path file;

    @Option(names = "--to", required = true, paramLabel = "SYNTAX",
            description = "groovy (the Gantry DSL) or yaml (CodeCatalyst YAML).")
    String to;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Write to this file.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        WorkflowConversion.Syntax syntax;
        switch (to.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "groovy", "dsl" -> syntax = WorkflowConversion.Syntax.GROOVY;
            case "yaml", "yml" -> syntax = WorkflowConversion.Syntax.YAML;
            default -> {
                spec.commandLine().getErr().println("gantry convert: --to takes groovy or yaml, not '" + to + "'");
                spec.commandLine().getErr().flush();
                return ExitCode.USAGE.code();
            }
        }
        return new WorkflowConversion("convert", spec.commandLine().getOut(), spec.commandLine().getErr())
                .convert(file, syntax, output);
    }
}
