package dev.gantry.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gantry graph}: Shows a workflow's actions as a dependency graph (text, dot, mermaid, json). */
@Command(name = "graph", description = "Shows a workflow's actions as a dependency graph (text, dot, mermaid, json).")
public final class GraphCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("gantry graph: not implemented yet");
        return GantryCommand.EXIT_USAGE;
    }
}
