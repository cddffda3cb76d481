package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry environments}: Shows the AWS identity each environment connection resolves to. */
@Command(name = "environments", description = "Shows the AWS identity each environment connection resolves to.")
public final class EnvironmentsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry environments: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
