package dev.gantry.cli.run;

import dev.gantry.cli.CommandFailure;
import dev.gantry.cli.ExitCode;
import dev.gantry.cli.config.ConfigOptions;
import dev.gantry.cli.workflow.WorkflowArgument;
import dev.gantry.cli.workflow.WorkflowLocator;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.ImagesConfig;
import dev.gantry.runners.container.ContainerTransport;
import dev.gantry.runners.image.ImagePolicy;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.RunListener;
import dev.gantry.runners.workspace.SourceRepository;
import dev.gantry.service.Planning;
import dev.gantry.service.PlannedRun;
import dev.gantry.service.RunHandle;
import dev.gantry.service.RunRequest;
import dev.gantry.service.RunResult;
import dev.gantry.service.RunService;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code gantry run}: turns the command line into a {@link RunRequest} for the {@link RunService}, shows the
 * dry run or the run (console or JSON view), handles Ctrl-C, and says how it ended. The service does the rest.
 */
public final class RunSession {
    /** The command line's options. */
    public record Options(List<String> actions, Integer concurrency, boolean dryRun, List<String> vars,
                          List<String> secrets, Path secretsFile, List<String> env, boolean bind, boolean keep,
                          boolean failFast, boolean json, double timeoutScale, boolean noCache,
                          List<String> skipActions, boolean approve, String image, boolean host) {
        public Options {
            actions = List.copyOf(actions);
            skipActions = List.copyOf(skipActions);
            vars = List.copyOf(vars);
            secrets = List.copyOf(secrets);
            env = List.copyOf(env);
        }
    }

    private final Options options;
    private final WorkflowArgument workflowArgument;
    private final ConfigOptions configOptions;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Path cwd;
    private final Map<String, String> hostEnvironment;

    public RunSession(Options options, WorkflowArgument workflowArgument, ConfigOptions configOptions,
                      PrintWriter out, PrintWriter err, Path cwd, Map<String, String> hostEnvironment) {
        this.options = options;
        this.workflowArgument = workflowArgument;
        this.configOptions = configOptions;
        this.out = out;
        this.err = err;
        this.cwd = cwd;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
    }

    /** Runs the command; returns its exit code. */
    public int run() throws CommandFailure {
        if (options.concurrency() != null && options.concurrency() < 1) {
            throw usage("--concurrency must be at least 1");
        }
        if (!(options.timeoutScale() > 0)) {
            throw usage("--timeout-scale must be positive");
        }
        if (options.image() != null && ImagePolicy.parse(options.image()) == null) {
            throw usage("--image must be host or service, not '" + options.image() + "'");
        }
        Map<String, String> vars = pairs("--var", options.vars(), "[A-Za-z0-9_\\-]+", true);
        Map<String, String> secrets = pairs("--secret", options.secrets(), ".+", false);
        WorkflowLocator.LocatedWorkflow located = workflowArgument.locate(cwd, err);
        GantryConfig config = configOptions == null ? GantryConfig.EMPTY
                : configOptions.load(ConfigFiles.forThisProcess(), SourceRepository.rootOf(located.path()), err);
        if (options.image() != null || options.host()) {
            ImagesConfig flags = new ImagesConfig(options.image() == null ? null
                    : ImagePolicy.parse(options.image()).label(), Map.of(), options.host(), null);
            config = config.overriddenBy(new GantryConfig(Map.of(), null, List.of(), null, null, null, Map.of(),
                    flags));
        }
        TerminalApprover approver = new TerminalApprover(options.approve(),
                options.json() ? null : System.console());
        RunRequest request = RunRequest.builder(located.path()).displayName(located.displayName())
                .actions(options.actions()).concurrency(options.concurrency()).dryRun(options.dryRun())
                .variables(vars).secrets(secrets)
                .secretsFile(options.secretsFile() == null ? null : cwd.resolve(options.secretsFile()))
                .environment(options.env()).bind(options.bind()).keep(options.keep()).failFast(options.failFast())
                .noCache(options.noCache()).timeoutUnit(Duration.ofNanos((long) (options.timeoutScale() * 1e9)))
                .recordTrailer(report -> Map.of("exitCode", ExitCode.of(report.status()).code()))
                .skipActions(options.skipActions()).approver(approver)
                .build();
        try (RunService service = RunService.forThisMachine(config, hostEnvironment)) {
            Planning planning = service.plan(request);
            if (planning instanceof Planning.Refused refused) {
                return refuse(refused.outcome(), refused.diagnostics(), located.displayName());
            }
            PlannedRun planned = ((Planning.Ready) planning).run();
            printWarnings(planned.warnings());
            var gates = planned.plan().actions().stream().filter(id -> planned.plan().graph().action(id).isGate())
                    .filter(id -> !(planned.plan().work().get(id) instanceof ActionWork.Skip)).toList();
            if (!options.dryRun() && !gates.isEmpty() && !approver.canDecide()) {
                planned.close();
                err.println("gantry run: " + TerminalApprover.whyNot(gates.get(0)) + "; nothing was run");
                err.flush();
                return ExitCode.USAGE.code();
            }
            if (options.dryRun()) {
                try (planned) {
                    DryRun.print(out, planned, options.json());
                }
                return ExitCode.OK.code();
            }
            return execute(service, planned);
        }
    }

    private int execute(RunService service, PlannedRun planned) {
        ConsoleReporter console = null;
        RunListener view;
        if (options.json()) {
            view = new JsonReporter(out);
        } else {
            boolean terminal = System.console() != null && !"dumb".equals(hostEnvironment.get("TERM"));
            boolean colour = terminal && !hostEnvironment.containsKey("NO_COLOR");
            console = new ConsoleReporter(out, terminal, colour,
                    runId -> display(service.runDirectory(planned, runId)));
            view = console;
        }
        RunHandle handle = service.start(planned, view);
        RunResult result;
        try (Interrupts ignored = Interrupts.handle(handle::cancel)) {
            result = awaitUninterruptibly(handle);
        } finally {
            if (console != null) {
                console.close();
            }
        }
        handle.notices().forEach(n -> err.println("gantry: " + n));
        if (options.keep() && result.ran()) {
            err.println("gantry: --keep: the workspaces are in " + display(result.runDirectory().resolve("work"))
                    + "; containers of actions that ran in an image are kept: docker ps -a --filter label="
                    + ContainerTransport.RUN_LABEL + "=" + result.runId() + "; remove them with "
                    + ContainerTransport.removeCommand(result.runId()));
        }
        if (!result.ran()) {
            return refuse(result.outcome(), result.diagnostics(), planned.request().displayName());
        }
        out.flush();
        err.flush();
        return ExitCode.of(result.outcome()).code();
    }

    private static RunResult awaitUninterruptibly(RunHandle handle) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return handle.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    handle.cancel();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Prints why nothing ran (every diagnostic, then one line) and gives the exit code. */
    private int refuse(RunResult.Outcome outcome, List<Diagnostic> diagnostics, String file) {
        diagnostics.forEach(d -> err.println(d.format()));
        long errors = diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
        diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).map(d -> ProblemHints.hint(d.rule()))
                .distinct().filter(h -> !h.isEmpty()).forEach(h -> err.println("  " + h));
        String count = errors == 1 ? "1 problem" : errors + " problems";
        err.println(outcome == RunResult.Outcome.INVALID_WORKFLOW
                ? "gantry: cannot run " + file + " (" + count + "); nothing was run"
                : "gantry run: " + count + " before anything could run; nothing was run");
        err.flush();
        return ExitCode.of(outcome).code();
    }

    private void printWarnings(List<Diagnostic> warnings) {
        for (Diagnostic d : warnings) {
            if (d.severity() != Severity.ERROR) {
                err.println(d.format());
            }
        }
        err.flush();
    }

    private CommandFailure usage(String message) {
        err.println("gantry run: " + message);
        err.flush();
        return new CommandFailure(ExitCode.USAGE);
    }

    private String display(Path p) {
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    /** {@code NAME=VALUE} flags; a malformed one is a usage error (showing it only when {@code showValue}). */
    private Map<String, String> pairs(String flag, List<String> values, String namePattern, boolean showValue)
            throws CommandFailure {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq <= 0 || !v.substring(0, eq).matches(namePattern)) {
                throw usage(flag + " takes NAME=VALUE" + (showValue ? ", not '" + v + "'"
                        : " (the value is not shown here)"));
            }
            pairs.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return pairs;
    }
}
