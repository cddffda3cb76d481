package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry artifacts}: Lists or downloads a run's artifacts. */
@Command(name = "artifacts", description = "Lists or downloads a run's artifacts.")
public final class ArtifactsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry artifacts: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
