package dev.gantry.cli;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.export.WorkflowGroovyWriter;
import dev.gantry.dsl.export.WorkflowYamlWriter;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code gantry export} and {@code gantry convert} share: load and validate a workflow file (YAML or the
 * Groovy DSL), print its diagnostics, and write it in the other syntax to a file or to standard output. A workflow
 * with errors is not written.
 */
final class WorkflowConversion {
    /** The syntaxes a workflow can be written in. */
    enum Syntax {
        YAML, GROOVY
    }

    /** Exit code: the workflow has errors (as for {@code validate}). */

    private final String command;
    private final PrintWriter out;
    private final PrintWriter err;

    WorkflowConversion(String command, PrintWriter out, PrintWriter err) {
        this.command = command;
        this.out = out;
        this.err = err;
    }

    /** Converts {@code input} to {@code to}; {@code output} null: standard output. Returns the exit code. */
    int convert(Path input, Syntax to, Path output) {
        if (!Files.isRegularFile(input)) {
            err.println("gantry " + command + ": no such file: " + input);
            err.flush();
            return ExitCode.USAGE.code();
        }
        if (output != null && output.toAbsolutePath().normalize().equals(input.toAbsolutePath().normalize())) {
            err.println("gantry " + command + ": -o names the input file; choose another output file");
            err.flush();
            return ExitCode.USAGE.code();
        }
        String shown = input.toString().replace('\\', '/');
        LoadedWorkflow loaded = new WorkflowFiles(ValidationOptions.DEFAULT).load(input, shown);
        for (Diagnostic d : loaded.diagnostics()) {
            err.println(d.format());
        }
        if (loaded.workflow() == null || loaded.hasErrors()) {
            long errors = loaded.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
            err.println("gantry " + command + ": " + shown + " has " + (errors == 1 ? "1 error" : errors + " errors")
                    + "; nothing written");
            err.flush();
            return ExitCode.FAILED.code();
        }
        String name = input.getFileName().toString();
        String text = switch (to) {
            case YAML -> new WorkflowYamlWriter().write(loaded.workflow(), List.of(
                    "Written by `gantry export` from " + name + ".", "Edit " + name + " and export again."));
            case GROOVY -> new WorkflowGroovyWriter().write(loaded.workflow(), List.of(
                    "Converted from " + name + " by `gantry convert`.",
                    "`gantry export` writes it back as CodeCatalyst YAML; `gantry validate` checks it."));
        };
        if (output == null) {
            out.print(text);
            out.flush();
            err.flush();
            return 0;
        }
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("gantry " + command + ": cannot write " + output + ": " + e.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        }
        err.println("gantry " + command + ": wrote " + output.toString().replace('\\', '/'));
        err.flush();
        return 0;
    }
}
