package dev.gantry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gantry} command: entry point of the launcher. Each subcommand lives in its own class.
 *
 * <p>Exit codes (see README): 0 success, 1 workflow errors or a failed action, 2 usage error or unreadable path,
 * 3 invalid workflow given to {@code run}, 130 interrupted.
 */
@Command(name = "gantry", mixinStandardHelpOptions = true, versionProvider = GantryCommand.Version.class,
        description = "Runs Amazon CodeCatalyst workflow files anywhere: validate, graph, plan and run them.",
        subcommands = {ValidateCommand.class, GraphCommand.class, ListCommand.class, RunCommand.class,
        RunnersCommand.class, EnvironmentsCommand.class, ArtifactsCommand.class, CacheCommand.class, TriggersCommand.class,
        ExportCommand.class, ConvertCommand.class, CommandLine.HelpCommand.class})
public final class GantryCommand implements Runnable {
    /** Exit code: usage error or unreadable path. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: the workflow given to {@code run}, {@code graph} or {@code list} has errors. */
    public static final int EXIT_INVALID_WORKFLOW = 3;
    /** Exit code: an unexpected failure inside Gantry (a bug); one line is printed, no stack trace. */
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with every subcommand registered. */
    public static CommandLine commandLine() {
        // Picocli would otherwise load Groovy's Closure (and ~300 Groovy classes) at start-up to support Groovy
        // closures in annotations; Gantry has none, and only .groovy workflows should pay for Groovy.
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cl = new CommandLine(new GantryCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("gantry: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            // A bug, not a user error: one line, no stack trace unless asked for.
            c.getErr().println("gantry: internal error: " + ex + " (please report it; GANTRY_DEBUG=1 shows the"
                    + " stack trace)");
            if ("1".equals(System.getenv("GANTRY_DEBUG"))) {
                ex.printStackTrace(c.getErr());
            }
            c.getErr().flush();
            return EXIT_INTERNAL;
        });
        return cl;
    }

    public static void main(String[] args) {
        // Start child processes with vfork: half the cost of the default posix_spawn helper on Linux, and `gantry run`
        // starts a bash per action. Must be set before the first process starts.
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null
                && "Linux".equals(System.getProperty("os.name"))) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        System.exit(commandLine().execute(args));
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = GantryCommand.class.getPackage().getImplementationVersion();
            return new String[] {"gantry " + (v == null ? "dev" : v)};
        }
    }
}
