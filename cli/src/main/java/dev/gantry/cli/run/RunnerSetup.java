package dev.gantry.cli.run;

import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.runners.routing.RunnerPool;

import java.io.PrintWriter;

/** What {@code gantry run} and {@code gantry runners} do alike with the runner configuration. */
public final class RunnerSetup {
    /** The validator's rule for a fleet name that is not on-demand. */
    static final String FLEET_UNKNOWN = "fleet-unknown";

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

    /**
     * Whether {@code d} is the validator's warning about a fleet that is not on-demand while a configured runner
     * lists that fleet (so it is a known provisioned fleet and the warning does not apply).
     */
    static boolean declaresFleet(GantryConfig config, Diagnostic d) {
        if (!FLEET_UNKNOWN.equals(d.rule())) {
            return false;
        }
        for (RunnerConfig r : config.runners()) {
            for (String fleet : r.fleets()) {
                if (d.message().startsWith("fleet '" + fleet + "' ")) {
                    return true;
                }
            }
        }
        return false;
    }
}
