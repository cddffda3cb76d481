package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry run}: Runs a workflow on this machine. */
@Command(name = "run", description = "Runs a workflow on this machine.")
public final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry run: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
