package dev.gantry.cli.run;

import dev.gantry.runners.routing.RunnerPool;

import java.io.PrintWriter;

/** What {@code gantry run} and {@code gantry runners} do alike with the runner configuration. */
public final class RunnerSetup {
    private RunnerSetup() {
    }

    /**
     * Prints the pool's configuration problems as {@code file:line:col: error: message [rule]}; returns whether
     * there were any (then nothing may run).
     */
    public static boolean printProblems(RunnerPool pool, PrintWriter err) {
        if (pool.problems().isEmpty()) {
            return false;
        }
        pool.problems().forEach(p -> err.println(p.format()));
        int n = pool.problems().size();
        err.println("gantry: the runner configuration is not valid (" + n + (n == 1 ? " error)" : " errors)"));
        err.flush();
        return true;
    }
}
