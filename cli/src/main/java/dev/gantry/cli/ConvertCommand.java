package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry convert}: Writes an existing YAML workflow as a Groovy DSL file. */
@Command(name = "convert", description = "Writes an existing YAML workflow as a Groovy DSL file.")
public final class ConvertCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry convert: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
