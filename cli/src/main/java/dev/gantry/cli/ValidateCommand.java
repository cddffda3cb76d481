package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry validate}: Checks workflow files and reports every problem with file:line:col. */
@Command(name = "validate", description = "Checks workflow files and reports every problem with file:line:col.")
public final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry validate: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
