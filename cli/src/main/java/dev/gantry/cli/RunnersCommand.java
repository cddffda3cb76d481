package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry runners}: Lists the configured runners, their labels, capacity and health. */
@Command(name = "runners", description = "Lists the configured runners, their labels, capacity and health.")
public final class RunnersCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry runners: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
