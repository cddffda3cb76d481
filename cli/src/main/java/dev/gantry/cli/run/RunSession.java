package dev.gantry.cli.run;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.actions.aws.AwsClients;
import dev.gantry.actions.aws.AwsEnvironmentLifecycle;
import dev.gantry.actions.aws.AwsEnvironments;
import dev.gantry.actions.aws.BaseCredentials;
import dev.gantry.actions.aws.SecretsManagerSource;
import dev.gantry.actions.ActionRegistry;
import dev.gantry.actions.approval.Approver;
import dev.gantry.actions.cache.CacheSettings;
import dev.gantry.actions.custom.CustomActions;
import dev.gantry.dsl.action.ConfiguredCustomActions;
import dev.gantry.actions.files.WorkspaceFilesLifecycle;
import dev.gantry.cli.GantryCommand;
import dev.gantry.cli.config.ConfigOptions;
import dev.gantry.cli.workflow.WorkflowArgument;
import dev.gantry.cli.workflow.WorkflowLocator;
import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.run.ActionLifecycle;
import dev.gantry.engine.run.ActionTypes;
import dev.gantry.engine.run.PlanProblem;
import dev.gantry.engine.run.ReferenceValues;
import dev.gantry.engine.run.RunExecutor;
import dev.gantry.engine.run.RunListener;
import dev.gantry.engine.run.RunPlan;
import dev.gantry.engine.run.RunReport;
import dev.gantry.engine.run.RunSettings;
import dev.gantry.engine.run.Runner;
import dev.gantry.engine.run.RunnerRouting;
import dev.gantry.engine.run.SecretMasker;
import dev.gantry.engine.run.StepEnvironment;
import dev.gantry.engine.secret.SecretSource;
import dev.gantry.runners.routing.FleetRouting;
import dev.gantry.runners.routing.HostFacts;
import dev.gantry.runners.routing.RunnerPool;
import dev.gantry.runners.workspace.SourceRepository;
import dev.gantry.runners.workspace.SourceWorkspaces;
import dev.gantry.runners.workspace.TreeCopy;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * One {@code gantry run}: load and validate the workflow, plan (every plan-time error before anything runs), then
 * either print the dry run or run it with the console or JSON view and the run records, handling Ctrl-C.
 */
public final class RunSession {
    /** Host variables whose values are masked like secrets when they reach steps. */
    static final Pattern SENSITIVE = Pattern.compile("(?i).*(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL).*");

    /** The command line's options. */
    public record Options(List<String> actions, Integer concurrency, boolean dryRun, List<String> vars,
                          List<String> secrets, Path secretsFile, List<String> env, boolean bind, boolean keep,
                          boolean failFast, boolean json, double timeoutScale, boolean noCache) {
        public Options {
            actions = List.copyOf(actions);
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
    /** The run's runners, once the configuration is loaded; closed when the run ends. */
    private RunnerPool runners;

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
    public int run() {
        try {
            return runOrThrow();
        } catch (Usage u) {
            err.println("gantry run: " + u.getMessage());
            err.flush();
            return GantryCommand.EXIT_USAGE;
        } catch (WorkflowArgument.Unusable u) {
            return u.exitCode();
        } finally {
            if (runners != null) {
                runners.close();
            }
        }
    }

    private int runOrThrow() throws Usage, WorkflowArgument.Unusable {
        int concurrency = options.concurrency() != null ? options.concurrency()
                : Math.max(2, Runtime.getRuntime().availableProcessors());
        if (concurrency < 1) {
            throw new Usage("--concurrency must be at least 1");
        }
        if (!(options.timeoutScale() > 0)) {
            throw new Usage("--timeout-scale must be positive");
        }
        WorkflowLocator.LocatedWorkflow located = workflowArgument.locate(cwd, err);
        SourceRepository source;
        try {
            source = SourceRepository.of(located.path());
        } catch (IOException e) {
            throw new Usage("cannot read the repository of " + located.displayName() + ": " + e.getMessage());
        }
        GantryConfig config = configOptions == null ? GantryConfig.EMPTY
                : configOptions.load(ConfigFiles.forThisProcess(), source.root(), err);
        LoadedWorkflow loaded = WorkflowArgument.load(located,
                new WorkflowFiles(ValidationOptions.of(config)), err);
        for (Diagnostic d : loaded.diagnostics()) {
            if (d.severity() != Severity.ERROR) {
                err.println(d.format());
            }
        }
        err.flush();
        runners = RunnerPool.of(config, HostFacts.ofThisMachine(hostEnvironment), concurrency);
        if (RunnerSetup.printProblems(runners, err)) {
            return GantryCommand.EXIT_USAGE;
        }

        Map<String, String> secrets;
        try {
            secrets = SecretSources.resolve(options.secrets(), options.secretsFile() == null ? null
                    : cwd.resolve(options.secretsFile()), hostEnvironment);
        } catch (SecretSources.BadSecret e) {
            throw new Usage(e.getMessage());
        }
        Map<String, String> baseEnvironment;
        Workflow workflow;
        try {
            baseEnvironment = StepEnvironment.fromHost(hostEnvironment, options.env());
            workflow = VariableOverrides.apply(loaded.workflow(), VariableOverrides.parse(options.vars()));
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
        SecretMasker masker = new SecretMasker();
        secrets.values().forEach(masker::add);
        baseEnvironment.forEach((k, v) -> {
            if (SENSITIVE.matcher(k).matches()) {
                masker.add(v);
            }
        });

        ActionGraph graph = ActionGraph.of(workflow);
        secrets = withConfiguredSecrets(config, secrets, graph, source, masker);
        ReferenceValues references = new ReferenceValues(source.state(), secrets, graph.actions());
        ActionTypes types = ActionRegistry.standard(Approver.automatic())
                .withCustomActions(new CustomActions(new ConfiguredCustomActions(config, source.root(),
                        CacheSettings.defaultDir(hostEnvironment).resolve("actions"))));
        RunnerRouting routing = new FleetRouting(workflow, runners);
        RunPlan.Outcome planned;
        try {
            planned = RunPlan.of(graph, options.actions(), types, routing, references);
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
        if (!planned.ok()) {
            for (PlanProblem p : planned.problems()) {
                err.println(new Diagnostic(loaded.file(), loaded.sourceMap().valueOf(p.path()), Severity.ERROR,
                        p.rule(), p.message()).format());
            }
            err.println("gantry: cannot run " + loaded.file() + " (" + planned.problems().size() + " problem"
                    + (planned.problems().size() == 1 ? "" : "s") + "); nothing was run");
            err.flush();
            return GantryCommand.EXIT_INVALID_WORKFLOW;
        }
        RunPlan plan = planned.plan();
        // Planning only: no AWS call is made (the run makes its own resolver, closed when the run ends).
        AwsEnvironments awsPlan = new AwsEnvironments(config, BaseCredentials.standard(), hostEnvironment,
                new AwsClients());
        List<String> awsProblems = awsPlan.problems(plan.actions().stream().map(graph.actions()::get).toList());
        if (!awsProblems.isEmpty()) {
            awsProblems.forEach(p -> err.println("gantry run: " + p));
            throw new Usage("the AWS environments are not fully configured; nothing was run");
        }
        if (options.dryRun()) {
            DryRun.print(out, plan, source, references, masker, baseEnvironment, concurrency, options.bind(),
                    action -> Optional.ofNullable(awsPlan.describe(plan.workflow().name(), action))
                            .map(d -> List.of("AWS: " + d)).orElse(List.of()), options.json());
            return 0;
        }
        return execute(plan, loaded, located.path(), source, config, references, types, masker, baseEnvironment,
                concurrency);
    }

    private int execute(RunPlan plan, LoadedWorkflow loaded, Path workflowFile, SourceRepository source,
                        GantryConfig config, ReferenceValues references, ActionTypes types, SecretMasker masker,
                        Map<String, String> baseEnvironment, int concurrency) throws Usage {
        String runId = newRunId();
        Path runDir = source.root().resolve(".gantry").resolve("runs").resolve(runId);
        try {
            Files.createDirectories(runDir.resolve("logs"));
        } catch (IOException e) {
            throw new Usage("cannot create the run folder " + runDir + ": " + e.getMessage());
        }
        ExecutorService copyPool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "gantry-copy");
            t.setDaemon(true);
            return t;
        });
        Path scratchRoot = scratchRoot(runId, runDir);
        RunSettings settings = new RunSettings(runId, runDir, concurrency, options.failFast(),
                Duration.ofNanos((long) (options.timeoutScale() * 1e9)), baseEnvironment, scratchRoot);
        SourceWorkspaces workspaces = new SourceWorkspaces(source, new TreeCopy(copyPool, 4), options.bind(),
                options.keep());
        AwsEnvironments aws = new AwsEnvironments(config, BaseCredentials.standard(), hostEnvironment,
                new AwsClients());
        List<ActionLifecycle> lifecycles = new ArrayList<>(lifecycles(aws, plan.workflow().name()));
        lifecycles.add(workspaceFiles(config, plan, source));
        RunExecutor executor = new RunExecutor(plan, settings, types, workspaces, lifecycles, references, masker);

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("workflowFile", workflowFile.toString());
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("root", source.root().toString());
        src.put("commitId", source.state().commitId());
        src.put("branchName", source.state().branchName());
        header.put("source", src);
        header.put("concurrency", concurrency);
        header.put("failFast", options.failFast());
        header.put("bind", options.bind());
        String shownRunDir = display(runDir);
        List<RunListener> listeners = new ArrayList<>();
        ConsoleReporter console = null;
        if (options.json()) {
            listeners.add(new JsonReporter(out));
        } else {
            boolean terminal = System.console() != null && !"dumb".equals(hostEnvironment.get("TERM"));
            boolean colour = terminal && !hostEnvironment.containsKey("NO_COLOR");
            console = new ConsoleReporter(out, terminal, colour, shownRunDir);
            listeners.add(console);
        }
        RunRecorder recorder = new RunRecorder(runDir, header, err);
        listeners.add(0, recorder);
        RunReport report;
        try (Interrupts ignored = Interrupts.handle(executor::cancel)) {
            report = executor.run(RunListener.all(listeners));
        } finally {
            aws.close();
            recorder.close();
            if (console != null) {
                console.close();
            }
            copyPool.shutdownNow();
            workspaces.close();
            plan.runners().values().stream().flatMap(List::stream).distinct().forEach(Runner::close);
            try {
                FolderTrees.deleteTree(scratchRoot);
                if (!options.keep()) {
                    FolderTrees.deleteTree(runDir.resolve("work"));
                }
            } catch (IOException e) {
                err.println("gantry: could not remove " + runDir.resolve("work") + ": " + e.getMessage());
            }
        }
        out.flush();
        err.flush();
        return report.exitCode();
    }

    /**
     * Where the actions' scratch folders go (driver scripts with substituted step text, so secrets): a private
     * folder on the memory file system when there is one ({@code /dev/shm}), else {@code <run>/tmp}.
     */
    private static Path scratchRoot(String runId, Path runDir) {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            try {
                Path dir = shm.resolve("gantry-" + runId);
                Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                return dir;
            } catch (IOException | UnsupportedOperationException e) {
                // fall back to the run folder
            }
        }
        return runDir.resolve("tmp");
    }

    /**
     * Hooks around each action's steps: AWS credentials first (before any input is fetched), then the runner's
     * step environment.
     */
    private List<ActionLifecycle> lifecycles(AwsEnvironments aws, String workflowName) {
        return List.of(new AwsEnvironmentLifecycle(aws, workflowName), runners.stepEnvironment());
    }

    /**
     * {@code secrets} plus, for each secret the workflow uses and none of the flags, the file or the
     * {@code GANTRY_SECRET_*} variables gave, its value from the sources {@code gantry.yaml} configures (AWS
     * Secrets Manager). What no source has stays missing (a plan-time error naming it).
     */
    private Map<String, String> withConfiguredSecrets(GantryConfig config, Map<String, String> secrets,
                                                      ActionGraph graph, SourceRepository source,
                                                      SecretMasker masker) throws Usage {
        if (config.secretsManagerSource().isEmpty()) {
            return secrets;
        }
        ReferenceValues given = new ReferenceValues(source.state(), secrets, graph.actions());
        Set<String> missing = new LinkedHashSet<>();
        graph.actions().values().forEach(a -> given.missingSecrets(a).forEach(m -> missing.add(m.name())));
        if (missing.isEmpty()) {
            return secrets;
        }
        Map<String, String> all = new LinkedHashMap<>(secrets);
        try (SecretsManagerSource sm = SecretsManagerSource.of(config.secretsManager(), BaseCredentials.standard(),
                new AwsClients())) {
            for (String name : missing) {
                Optional<String> value = sm.find(name);
                if (value.isPresent()) {
                    masker.add(value.get());
                    all.put(name, value.get());
                }
            }
        } catch (SecretSource.SecretSourceException e) {
            throw new Usage(e.getMessage());
        }
        return all;
    }

    /**
     * Input and output artifacts, file caches and reports around each action ({@code --no-cache} turns caching
     * off; {@code cache.dir}/{@code cache.maxSize} of the configuration place and cap the cache).
     */
    private ActionLifecycle workspaceFiles(GantryConfig config, RunPlan plan, SourceRepository source) {
        CacheSettings cache = CacheSettings.of(hostEnvironment, config.cache());
        return WorkspaceFilesLifecycle.forRun(plan.graph().workflow().name(), source.state().branchName(),
                options.noCache() ? cache.disabled() : cache);
    }

    private String display(Path p) {
        return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
    }

    private static String newRunId() {
        byte[] b = new byte[2];
        new SecureRandom().nextBytes(b);
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + HexFormat.of().formatHex(b);
    }

    /** A usage error: printed as {@code gantry run: message}, exit 2. */
    private static final class Usage extends Exception {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message);
        }
    }
}
