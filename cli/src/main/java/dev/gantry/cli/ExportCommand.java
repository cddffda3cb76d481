package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry export}: Writes a Groovy DSL workflow as CodeCatalyst YAML. */
@Command(name = "export", description = "Writes a Groovy DSL workflow as CodeCatalyst YAML.")
public final class ExportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry export: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
