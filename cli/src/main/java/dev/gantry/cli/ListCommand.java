package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry list}: Lists a workflow's actions, one line each. */
@Command(name = "list", description = "Lists a workflow's actions, one line each.")
public final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry list: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
