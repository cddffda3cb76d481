package dev.gantry.cli;

import dev.gantry.cli.report.ColorMode;
import dev.gantry.cli.report.DiagnosticsReport;
import dev.gantry.cli.report.FileDiagnostics;
import dev.gantry.cli.report.ReportFormat;
import dev.gantry.cli.workflow.WorkflowPaths;
import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.dsl.config.LoadedConfig;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.diagnostic.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gantry validate [PATH...]}: checks workflow files and reports every problem with file:line:col.
 *
 * <p>Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or a path that is missing or
 * cannot be read.
 */
@Command(name = "validate", sortOptions = false,
        description = {"Checks workflow files and reports every problem with file:line:col.",
                "",
                "Exit status: 0 no errors (warnings allowed); 1 errors found; 2 usage error, or a path that is "
                        + "missing or cannot be read."})
public final class ValidateCommand implements Callable<Integer> {
    /** Exit code: at least one error was found. */

    @Parameters(arity = "0..*", paramLabel = "PATH",
            description = "Workflow files, or folders searched (sub-folders too) for .yaml and .yml files. "
                    + "Default: .codecatalyst/workflows/ in the current folder.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            converter = ReportFormat.Converter.class,
            description = "text (default), json (an array of {file, line, column, severity, rule, message}) or "
                    + "sarif (SARIF 2.1.0 for code scanning).")
    ReportFormat format = ReportFormat.TEXT;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto", converter = ColorMode.Converter.class,
            description = "Colour the text output: auto (default: only on a terminal, unless NO_COLOR is set), "
                    + "always or never.")
    ColorMode color = ColorMode.AUTO;

    @Option(names = {"--config", "--runner-config"}, paramLabel = "FILE",
            description = "A Gantry configuration file: the fleets its runners serve are known provisioned fleets "
                    + "(no fleet-unknown warning). ~/.config/gantry/config.yaml and the repository's gantry.yaml "
                    + "are read too.")
    Path configFile;

    @Spec
    CommandSpec spec;

    private final Path cwd;
    private final Path home;
    private final Map<String, String> env;
    private final boolean terminal;

    public ValidateCommand() {
        this(Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")), System.getenv(),
                System.console() != null);
    }

    /**
     * @param cwd      the current folder: relative paths and the default folder are taken from it
     * @param home     the user's home folder (for the user's Gantry configuration)
     * @param env      the environment ({@code NO_COLOR}, {@code TERM}, {@code XDG_CONFIG_HOME})
     * @param terminal whether standard output is a terminal
     */
    ValidateCommand(Path cwd, Path home, Map<String, String> env, boolean terminal) {
        this.cwd = cwd.toAbsolutePath().normalize();
        this.home = home;
        this.env = env;
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        return validate(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    private int validate(PrintWriter out, PrintWriter err) {
        WorkflowPaths.Found targets = new WorkflowPaths(cwd).find(paths, err);
        if (targets.files().isEmpty()) { // why has been printed
            err.flush();
            return ExitCode.USAGE.code();
        }
        ValidationOptions options = options(targets.files().get(0).path(), err);
        if (options == null) {
            err.flush();
            return ExitCode.USAGE.code();
        }
        WorkflowFiles files = new WorkflowFiles(options);
        List<FileDiagnostics> results = (targets.files().size() > 4 ? targets.files().parallelStream()
                : targets.files().stream()).map(t -> check(files, t)).toList();
        DiagnosticsReport.of(format, color.enabled(env, terminal), GantryCommand.Version.projectVersion(), cwd)
                .write(results, out);
        out.flush();
        err.flush();
        if (targets.pathProblem()) {
            return ExitCode.USAGE.code();
        }
        boolean errors = results.stream().anyMatch(r -> r.count(Severity.ERROR) > 0);
        return (errors ? ExitCode.FAILED : ExitCode.OK).code();
    }

    /**
     * What the validator knows from the Gantry configuration (the user's file, the repository's {@code gantry.yaml}
     * next to the first workflow, {@code --config}): the fleets the runners serve. {@code null} when the
     * configuration has errors (printed, like its warnings).
     */
    private ValidationOptions options(Path firstWorkflow, PrintWriter err) {
        ConfigFiles configFiles = new ConfigFiles(home, cwd, env);
        LoadedConfig config = configFiles.load(configFiles.repositoryRootOf(firstWorkflow), configFile);
        config.diagnostics().forEach(d -> err.println(d.format()));
        if (config.hasErrors()) {
            err.println("gantry: the configuration is not valid; fix it or leave it out with --config");
            return null;
        }
        return ValidationOptions.of(config.config());
    }

    private static FileDiagnostics check(WorkflowFiles files, WorkflowPaths.Target target) {
        LoadedWorkflow loaded = files.load(target.path(), target.displayName());
        return new FileDiagnostics(target.displayName(), target.path(), loaded.diagnostics());
    }
}
