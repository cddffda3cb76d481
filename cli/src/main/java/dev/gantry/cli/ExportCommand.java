package dev.gantry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gantry export FILE.groovy [-o FILE.yaml]}: writes a Groovy DSL workflow as CodeCatalyst YAML, so that the
 * hosted service (or any tool that reads YAML) can run it. Exit 0 when written, 1 when the workflow has errors
 * (printed; nothing written), 2 for a usage error or an unreadable file.
 */
@Command(name = "export", description = {"Writes a Groovy DSL workflow as CodeCatalyst YAML (to standard output, "
        + "or to the file given with -o).",
        "The workflow is validated first; one with errors is not written (exit 1)."})
public final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The workflow: a .groovy DSL file (a .yaml file is "
            + "rewritten in the documented layout).")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.yaml", description = "Write the YAML to this file.")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return new WorkflowConversion("export", spec.commandLine().getOut(), spec.commandLine().getErr())
                .convert(file, WorkflowConversion.Syntax.YAML, output);
    }
}
