package dev.gantry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * The {@code gantry} command: entry point of the launcher. Each subcommand lives in its own class.
 *
 * <p>Exit codes: {@link ExitCode}, mapped from exceptions in one place, {@link #configure}.
 */
@Command(name = "gantry", mixinStandardHelpOptions = true, versionProvider = GantryCommand.Version.class,
        description = "Runs Amazon CodeCatalyst workflow files anywhere: validate, graph, plan and run them.")
public final class GantryCommand implements Runnable {
    /**
     * Every subcommand, in the order {@code gantry --help} lists them. Registered in {@link #commandLine(String...)},
     * not in the annotation, so that a command line loads only the subcommand it runs.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class, GraphCommand.class, ListCommand.class,
            RunCommand.class, RunnersCommand.class, ImagesCommand.class, EnvironmentsCommand.class,
            ArtifactsCommand.class, CacheCommand.class, TriggersCommand.class, ExportCommand.class, ConvertCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with every subcommand registered. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * Builds the command line for {@code args}: when they start with a subcommand's name, only that subcommand is
     * registered (picocli reflects over each registered command's classes, and start-up is paid on every call);
     * {@code --version} alone gets none; anything else (help, a usage error) every one.
     */
    public static CommandLine commandLine(String... args) {
        // Picocli would otherwise load Groovy's Closure (and ~300 Groovy classes) at start-up to support Groovy
        // closures in annotations; Gantry has none, and only .groovy workflows should pay for Groovy.
        System.setProperty("picocli.disable.closures", "true");
        CommandLine cl = new CommandLine(new GantryCommand());
        String first = args.length == 0 ? "" : args[0];
        boolean versionOnly = args.length == 1 && (first.equals("--version") || first.equals("-V"));
        Class<?> named = SUBCOMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class
                && c.getAnnotation(Command.class).name().equals(first)).findFirst().orElse(null);
        for (Class<?> c : named != null ? List.of(named) : versionOnly ? List.<Class<?>>of() : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        return configure(cl);
    }

    /**
     * Gantry's exit codes for {@code cl}, the one place failures become codes: a bad flag is {@link ExitCode#USAGE};
     * a {@link CommandFailure} (reason printed) its code; any other exception or {@link Error} is a bug,
     * {@link ExitCode#INTERNAL}, told in one line (the stack trace only with {@code GANTRY_DEBUG=1}).
     */
    public static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("gantry: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> failed(ex, c));
        cl.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (Error e) {
                // picocli hands exceptions to the handler above but lets an Error through
                return failed(e, parsed.subcommands().isEmpty() ? parsed.commandSpec().commandLine()
                        : lastOf(parsed).commandSpec().commandLine());
            }
        });
        return cl;
    }

    private static CommandLine.ParseResult lastOf(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (!p.subcommands().isEmpty()) {
            p = p.subcommands().get(p.subcommands().size() - 1);
        }
        return p;
    }

    private static int failed(Throwable ex, CommandLine c) {
        if (ex instanceof CommandFailure f) {
            c.getErr().flush();
            return f.exitCode().code();
        }
        // A bug, not a user error: one line, no stack trace unless asked for.
        c.getErr().println("gantry: internal error: " + ex + " (please report it; GANTRY_DEBUG=1 shows the"
                + " stack trace)");
        if ("1".equals(System.getenv("GANTRY_DEBUG"))) {
            ex.printStackTrace(c.getErr());
        }
        c.getErr().flush();
        return ExitCode.INTERNAL.code();
    }

    public static void main(String[] args) {
        // Start child processes with vfork: half the cost of the default posix_spawn helper on Linux, and `gantry run`
        // starts a bash per action. Must be set before the first process starts. Java 25 deprecates it (and says so
        // on stderr at each start), so there the default stays.
        if (System.getProperty("jdk.lang.Process.launchMechanism") == null
                && "Linux".equals(System.getProperty("os.name")) && Runtime.version().feature() < 25) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The project version and the commit the jar was built from, written at build time into
     * {@code dev/gantry/cli/build.properties} (cli/pom.xml); "unknown" for what the build could not tell (a source
     * archive without its {@code .git} folder).
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            java.util.Properties build = properties();
            return new String[] {"gantry " + known(build.getProperty("version")) + " (commit "
                    + known(build.getProperty("commit")) + ")"};
        }

        /** The project version ("unknown" when the build did not say). */
        static String projectVersion() {
            return known(properties().getProperty("version"));
        }

        private static java.util.Properties properties() {
            java.util.Properties build = new java.util.Properties();
            try (java.io.InputStream in = GantryCommand.class.getResourceAsStream("build.properties")) {
                if (in != null) {
                    build.load(in);
                }
            } catch (java.io.IOException e) {
                // no build information: "unknown"
            }
            return build;
        }

        private static String known(String value) {
            return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
        }
    }
}
