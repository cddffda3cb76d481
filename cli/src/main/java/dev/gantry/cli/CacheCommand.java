package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry cache}: Lists, removes and prunes file caches. */
@Command(name = "cache", description = "Lists, removes and prunes file caches.")
public final class CacheCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry cache: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
