package dev.gantry.service;

import dev.gantry.actions.ActionRegistry;
import dev.gantry.actions.custom.CustomActions;
import dev.gantry.dsl.action.ConfiguredCustomActions;
import dev.gantry.actions.gha.ActionCache;
import dev.gantry.actions.gha.GithubActions;
import dev.gantry.actions.gha.GithubRunInfo;
import dev.gantry.actions.aws.AwsClients;
import dev.gantry.actions.aws.AwsEnvironmentLifecycle;
import dev.gantry.actions.aws.AwsEnvironments;
import dev.gantry.actions.aws.BaseCredentials;
import dev.gantry.actions.aws.SecretsManagerSource;
import dev.gantry.actions.cache.CacheSettings;
import dev.gantry.actions.files.WorkspaceFilesLifecycle;
import dev.gantry.actions.packages.NpmPackages;
import dev.gantry.actions.packages.NpmPackagesLifecycle;
import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.run.ActionLifecycle;
import dev.gantry.engine.run.PlanProblem;
import dev.gantry.engine.run.ReferenceValues;
import dev.gantry.engine.run.RunExecutor;
import dev.gantry.engine.run.RunListener;
import dev.gantry.engine.run.RunPlan;
import dev.gantry.engine.run.RunReport;
import dev.gantry.engine.run.RunSettings;
import dev.gantry.engine.run.RunnerSlots;
import dev.gantry.engine.run.SecretMasker;
import dev.gantry.engine.run.StepEnvironment;
import dev.gantry.engine.run.WorkflowSource;
import dev.gantry.engine.secret.SecretSource;
import dev.gantry.runners.image.ImageRunner;
import dev.gantry.runners.routing.FleetRouting;
import dev.gantry.runners.routing.HostFacts;
import dev.gantry.runners.routing.RunnerPool;
import dev.gantry.runners.workspace.SourceRepository;
import dev.gantry.runners.workspace.SourceWorkspaces;
import dev.gantry.runners.workspace.TreeCopy;
import dev.gantry.service.records.RunRecorder;
import dev.gantry.service.records.RunRecords;
import dev.gantry.runners.workspace.ScratchRoots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The one way to run a workflow, below every front end ({@code gantry run}, the benchmarks, a server): a
 * {@link RunRequest} in, a {@link RunHandle} out. It loads and validates the workflow (with the request's variables
 * applied first), resolves secrets, plans (every problem as a positioned {@link Diagnostic} before anything runs),
 * then runs it on this service's runners with the AWS environments, artifacts, caches and reports of its
 * configuration, writing the run's records.
 *
 * <p>One instance serves any number of runs, at once: they share one runner pool and one {@link RunnerSlots}, so a
 * runner's configured capacity holds across runs. Thread-safe. Close it when done (closes the runners).
 */
public final class RunService implements AutoCloseable {
    /** Host variables whose values are masked like secrets when they reach steps. */
    static final Pattern SENSITIVE = Pattern.compile("(?i).*(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL).*");
    /** A memory file system for the actions' scratch folders (step scripts with secrets), when there is one. */
    static final Path MEMORY_FS = Path.of("/dev/shm");
    /** A run id given by a caller: one folder name, never a path. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final GantryConfig config;
    private final Map<String, String> hostEnvironment;
    private final Supplier<HostFacts> host;
    private final RunnerSlots slots = new RunnerSlots();
    private final AtomicBoolean sweptScratch = new AtomicBoolean();
    private final Set<Path> sweptRecords = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private RunnerPool runners;

    /**
     * @param config          the configuration (runners, AWS environments, secret sources, cache)
     * @param hostEnvironment this process's environment (what steps may inherit, credentials, cache location)
     * @param host            this machine's facts, asked once when the runners are first needed
     */
    public RunService(GantryConfig config, Map<String, String> hostEnvironment, Supplier<HostFacts> host) {
        this.config = config;
        this.hostEnvironment = Map.copyOf(hostEnvironment);
        this.host = host;
    }

    /** A service for this machine. */
    public static RunService forThisMachine(GantryConfig config, Map<String, String> hostEnvironment) {
        return new RunService(config, hostEnvironment, () -> HostFacts.ofThisMachine(hostEnvironment));
    }

    /**
     * The runner pool every run of this service uses. A runner with no configured capacity runs any number of
     * actions at once (a run's concurrency limits it instead).
     */
    public synchronized RunnerPool runners() {
        if (runners == null) {
            runners = RunnerPool.of(config, host.get(), Integer.MAX_VALUE);
        }
        return runners;
    }

    /**
     * Plans {@code request} without running anything: a dry run, or the first half of {@link #start(PlannedRun,
     * RunListener...)} for a caller that shows the warnings or the plan first. A {@link Planning.Ready} run must be
     * started or closed.
     */
    public Planning plan(RunRequest request) {
        try {
            return new Planning.Ready(prepare(request));
        } catch (Refusal r) {
            return new Planning.Refused(r.outcome, r.diagnostics);
        }
    }

    /**
     * Plans and starts {@code request}: problems make a handle whose result says so at once; otherwise it runs in
     * the background. {@code listeners} get every event of the run, masked, one at a time, each isolated from the
     * others' failures.
     */
    public RunHandle start(RunRequest request, RunListener... listeners) {
        Planning planning = plan(request);
        if (planning instanceof Planning.Refused r) {
            return RunHandle.finished(RunResult.notRun(r.outcome(), r.diagnostics()));
        }
        return start(((Planning.Ready) planning).run(), listeners);
    }

    /** Starts a planned run in the background (see {@link #start(RunRequest, RunListener...)}). */
    public RunHandle start(PlannedRun prepared, RunListener... listeners) {
        RunRequest request = prepared.request();
        if (request.dryRun()) {
            prepared.close();
            throw new IllegalArgumentException("a dry run is planned, not started");
        }
        String runId = request.runId() != null ? request.runId() : newRunId();
        sweep(runDirectory(prepared, runId).getParent());
        Path runDir = runDirectory(prepared, runId);
        try {
            Files.createDirectories(runDir.getParent());
            for (int attempt = 1; ; attempt++) {
                try {
                    Files.createDirectory(runDir); // a run id is used once
                    break;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (request.runId() != null || attempt == 5) {
                        throw e;
                    }
                    runId = newRunId(); // two runs in the same second drew the same id
                    runDir = runDirectory(prepared, runId);
                }
            }
            Files.createDirectories(runDir.resolve("logs"));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            prepared.close();
            return RunHandle.finished(RunResult.notRun(RunResult.Outcome.REFUSED, List.of(problem(runDir.toString(),
                    "run-id", "a run with the id '" + runId + "' exists already"))));
        } catch (IOException e) {
            prepared.close();
            return RunHandle.finished(RunResult.notRun(RunResult.Outcome.REFUSED, List.of(problem(runDir.toString(),
                    "run-folder", "cannot create the run folder: " + e.getMessage()))));
        }
        RunHandle handle = new RunHandle(runId, prepared.warnings());
        RunRecorder recorder = new RunRecorder(runDir, header(request, prepared), request.recordTrailer(),
                handle::notice);
        List<RunListener> all = new ArrayList<>();
        all.add(recorder);
        all.addAll(List.of(listeners));
        all.add(handle.subscribers());
        String id = runId;
        Path dir = runDir;
        Thread t = new Thread(() -> execute(request, prepared, id, dir, handle, all, recorder), "gantry-run-" + id);
        t.setDaemon(false);
        t.start();
        return handle;
    }

    /** Where run {@code runId} of {@code planned} keeps its records. */
    public Path runDirectory(PlannedRun planned, String runId) {
        Path records = planned.request().recordsFolder() != null ? planned.request().recordsFolder()
                : planned.source().root().resolve(".gantry").resolve("runs");
        return records.resolve(runId);
    }

    /**
     * Marks runs left {@code running} by a Gantry that died as {@code abandoned}, once per records folder and
     * service (a server calls it at start-up for its data folder; a run calls it for its own).
     */
    public List<String> sweep(Path recordsFolder) {
        if (!sweptRecords.add(recordsFolder.toAbsolutePath().normalize())) {
            return List.of();
        }
        List<String> marked = new RunRecords(recordsFolder, List.of(MEMORY_FS)).markAbandoned();
        if (sweptScratch.compareAndSet(false, true)) {
            new ScratchRoots(MEMORY_FS).sweepStale(); // the scratch folders of dead Gantrys, whatever their repository
        }
        return marked;
    }

    @Override
    public synchronized void close() {
        if (runners != null) {
            runners.close();
        }
    }

    // ---- planning ----

    /** Nothing can run; the diagnostics say why. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RunResult.Outcome outcome;
        final transient List<Diagnostic> diagnostics;

        Refusal(RunResult.Outcome outcome, List<Diagnostic> diagnostics) {
            super(outcome.name(), null, false, false);
            this.outcome = outcome;
            this.diagnostics = List.copyOf(diagnostics);
        }
    }

    private PlannedRun prepare(RunRequest request) throws Refusal {
        String file = request.displayName();
        if (request.runId() != null && !RUN_ID.matcher(request.runId()).matches()) {
            throw refused(problem(file, "run-id", "a run id is 1 to 128 letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit"));
        }
        if (request.concurrency() != null && request.concurrency() < 1) {
            throw refused(problem(file, "concurrency", "the concurrency must be at least 1"));
        }
        if (request.timeoutUnit().isNegative() || request.timeoutUnit().isZero()) {
            throw refused(problem(file, "timeout-unit", "the timeout unit must be positive"));
        }
        SourceRepository source;
        try {
            source = request.sourceRoot() != null && request.revision() != null
                    ? SourceRepository.materialized(request.sourceRoot(), request.revision().commitId(),
                            request.revision().branchName())
                    : request.sourceRoot() != null ? SourceRepository.at(request.sourceRoot())
                    : SourceRepository.of(request.workflowFile());
        } catch (IOException e) {
            throw refused(problem(file, "source", "cannot read the repository: " + e.getMessage()));
        }
        if (request.revision() != null) {
            source = new SourceRepository(source.root(), source.files(), source.git(), new WorkflowSource(
                    source.root(), request.revision().commitId(), request.revision().branchName()));
        }
        LoadedWorkflow loaded = new WorkflowFiles(ValidationOptions.of(config)).load(request.workflowFile(), file,
                w -> VariableOverrides.apply(w, request.variables()));
        if (loaded.workflow() == null || loaded.hasErrors()) {
            throw new Refusal(RunResult.Outcome.INVALID_WORKFLOW, loaded.diagnostics());
        }
        List<Diagnostic> warnings = loaded.diagnostics();
        RunnerPool pool = runners();
        if (!pool.problems().isEmpty()) {
            List<Diagnostic> d = new ArrayList<>(warnings);
            pool.problems().forEach(p -> d.add(new Diagnostic(p.origin().file(), p.origin().position(),
                    Severity.ERROR, p.rule(), p.message())));
            throw new Refusal(RunResult.Outcome.REFUSED, d);
        }
        Map<String, String> secrets;
        Map<String, String> baseEnvironment;
        try {
            secrets = SecretSources.resolve(request.secrets(), request.secretsFile(), hostEnvironment);
            baseEnvironment = StepEnvironment.fromHost(hostEnvironment, request.environment());
        } catch (SecretSources.BadSecret e) {
            throw refused(warnings, problem(e.file(), e.position(), "secrets", e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw refused(warnings, problem(file, "environment", e.getMessage()));
        }
        SecretMasker masker = new SecretMasker();
        secrets.values().forEach(masker::add);
        baseEnvironment.forEach((k, v) -> {
            if (SENSITIVE.matcher(k).matches()) {
                masker.add(v);
            }
        });
        ActionGraph graph = loaded.actionGraph(); // the validator's
        ReferenceValues references = withConfiguredSecrets(new ReferenceValues(source.state(), secrets,
                graph.actions()), graph, masker, file, warnings);
        ActionRegistry types = ActionRegistry.standard(request.approver()).with(GithubActions.IDENTIFIER,
                new GithubActions(githubRunInfo(loaded.workflow().name(), source, references.secrets(),
                        request.runId()), new ActionCache(config.githubActions(), Path.of(hostEnvironment
                        .getOrDefault("HOME", System.getProperty("user.home"))))))
                .withCustomActions(new CustomActions(new ConfiguredCustomActions(config, source.root(),
                        CacheSettings.defaultDir(hostEnvironment).resolve("adk-actions"))))
                .withSkipped(request.skipActions());
        for (String name : request.skipActions()) {
            boolean known = graph.actions().values().stream().anyMatch(a -> a.id().equals(name)
                    || a.name().equals(name) || name.equals(a.group()));
            if (!known) {
                throw refused(warnings, problem(file, "action-selection", "--skip-action " + name
                        + ": no such action or group; actions: " + String.join(", ", graph.actions().keySet())));
            }
        }
        RunPlan.Outcome planned;
        try {
            planned = RunPlan.of(graph, request.actions(), types, new FleetRouting(loaded.workflow(), pool),
                    references);
        } catch (IllegalArgumentException e) {
            throw refused(warnings, problem(file, "action-selection", e.getMessage()));
        }
        if (!planned.ok()) {
            List<Diagnostic> d = new ArrayList<>(warnings);
            for (PlanProblem p : planned.problems()) {
                d.add(new Diagnostic(file, loaded.sourceMap().valueOf(p.path()), Severity.ERROR, p.rule(),
                        p.message()));
            }
            throw new Refusal(RunResult.Outcome.INVALID_WORKFLOW, d);
        }
        RunPlan plan = planned.plan();
        List<Diagnostic> imageProblems = new ArrayList<>();
        for (String id : plan.actions()) {
            if (!(plan.work().get(id) instanceof ActionWork.RunSteps)) {
                continue;
            }
            Action a = graph.action(id);
            String path = PlanProblem.actionPath(a) + "/Configuration/Container";
            List<String> problems = plan.runners().get(id).stream().map(r -> r instanceof ImageRunner ir
                    ? ir.problem(id, a).orElse(null) : null).toList();
            if (!problems.isEmpty() && problems.stream().allMatch(java.util.Objects::nonNull)) {
                imageProblems.add(new Diagnostic(file, loaded.sourceMap().valueOf(path), Severity.ERROR,
                        "image-engine", problems.get(0)));
            } else if (pool.images().hostAnyway() && a.configuration().container() != null) {
                warnings = new ArrayList<>(warnings);
                warnings.add(new Diagnostic(file, loaded.sourceMap().valueOf(path), Severity.WARNING, "image-host",
                        "action " + id + " declares image " + a.configuration().container().image()
                                + " but runs on the host (--host): its tools are this machine's"));
            }
        }
        NpmPackages npm = new NpmPackages(config.npmRepositories(), references.secrets());
        for (String id : plan.actions()) {
            Action a = graph.action(id);
            if (plan.work().get(id) instanceof ActionWork.RunSteps) {
                for (String p : npm.problems(id, a)) {
                    imageProblems.add(new Diagnostic(file, loaded.sourceMap().valueOf(PlanProblem.actionPath(a)
                            + "/Configuration/Packages"), Severity.ERROR, "packages", p));
                }
            }
        }
        if (!imageProblems.isEmpty()) {
            List<Diagnostic> d = new ArrayList<>(warnings);
            d.addAll(imageProblems);
            throw new Refusal(RunResult.Outcome.REFUSED, d);
        }
        // One resolver for planning (no AWS call) and the run (closed when the run ends).
        AwsEnvironments aws = new AwsEnvironments(config, BaseCredentials.standard(), hostEnvironment,
                new AwsClients());
        List<Diagnostic> awsProblems = new ArrayList<>();
        for (String id : plan.actions()) {
            Action a = graph.action(id);
            for (String p : aws.problems(List.of(a))) {
                awsProblems.add(new Diagnostic(file, loaded.sourceMap().valueOf(PlanProblem.actionPath(a)
                        + "/Environment"), Severity.ERROR, "aws-environment", p));
            }
        }
        if (!awsProblems.isEmpty()) {
            aws.close();
            List<Diagnostic> d = new ArrayList<>(warnings);
            d.addAll(awsProblems);
            throw new Refusal(RunResult.Outcome.REFUSED, d);
        }
        return new PlannedRun(request, plan, source, references, masker, baseEnvironment, request.concurrency(),
                request.bind(), action -> Optional.ofNullable(aws.describe(plan.workflow().name(), action))
                .map(d -> List.of("AWS: " + d)).orElse(List.of()), warnings, types, aws);
    }

    /** What GitHub steps see of this run ({@code github.*}, {@code GITHUB_*}), from the workflow source. */
    private GithubRunInfo githubRunInfo(String workflow, SourceRepository source, Map<String, String> secrets,
                                        String runId) {
        Path name = source.root().toAbsolutePath().normalize().getFileName();
        return new GithubRunInfo("local/" + (name == null ? "repository" : name), source.state().commitId(),
                source.state().branchName(), workflow, hostEnvironment.getOrDefault("USER", "gantry"),
                runId != null ? runId : Long.toString(System.currentTimeMillis()), secrets);
    }

    /**
     * {@code given} plus, for each secret the workflow uses that no given source had, its value from the sources
     * the configuration names (AWS Secrets Manager). What no source has stays missing (a plan-time error).
     */
    private ReferenceValues withConfiguredSecrets(ReferenceValues given, ActionGraph graph, SecretMasker masker,
                                                  String file, List<Diagnostic> warnings) throws Refusal {
        if (config.secretsManagerSource().isEmpty()) {
            return given;
        }
        Set<String> missing = new LinkedHashSet<>();
        graph.actions().values().forEach(a -> given.missingSecrets(a).forEach(m -> missing.add(m.name())));
        if (missing.isEmpty()) {
            return given;
        }
        Map<String, String> found = new LinkedHashMap<>();
        try (SecretsManagerSource sm = SecretsManagerSource.of(config.secretsManager(), BaseCredentials.standard(),
                new AwsClients())) {
            for (String name : missing) {
                Optional<String> value = sm.find(name);
                if (value.isPresent()) {
                    masker.add(value.get());
                    found.put(name, value.get());
                }
            }
        } catch (SecretSource.SecretSourceException e) {
            throw refused(warnings, problem(file, "secrets", e.getMessage()));
        }
        return given.withSecrets(found);
    }

    // ---- running ----

    private void execute(RunRequest request, PlannedRun planned, String runId, Path runDir, RunHandle handle,
                         List<RunListener> listeners, RunRecorder recorder) {
        RunPlan plan = planned.plan();
        SourceRepository source = planned.source();
        ExecutorService copyPool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "gantry-copy");
            t.setDaemon(true);
            return t;
        });
        Path scratchRoot = scratchRoot(runId, runDir);
        SourceWorkspaces workspaces = new SourceWorkspaces(source, new TreeCopy(copyPool, 4), request.bind(),
                request.keep());
        RunResult result = null;
        Throwable failure = null;
        try {
            RunSettings settings = new RunSettings(runId, runDir,
                    request.concurrency() == null ? Integer.MAX_VALUE : request.concurrency(), request.failFast(),
                    request.timeoutUnit(), planned.baseEnvironment(), scratchRoot, request.keep());
            List<ActionLifecycle> lifecycles = new ArrayList<>();
            lifecycles.add(new AwsEnvironmentLifecycle(planned.aws(), plan.workflow().name()));
            lifecycles.add(runners().stepEnvironment());
            lifecycles.add(new NpmPackagesLifecycle(new NpmPackages(config.npmRepositories(),
                    planned.references().secrets())));
            CacheSettings cache = CacheSettings.of(hostEnvironment, config.cache());
            lifecycles.add(WorkspaceFilesLifecycle.forRun(plan.workflow().name(), source.state().branchName(),
                    request.noCache() ? cache.disabled() : cache));
            RunExecutor executor = new RunExecutor(plan, settings, workspaces, lifecycles,
                    planned.references(), planned.masker(), request.entry(), slots);
            handle.cancelWith(executor::cancel);
            RunReport report = executor.run(RunListener.all(listeners));
            result = new RunResult(RunResult.Outcome.of(report.status()), runId, runDir, report, planned.warnings());
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            planned.close();
            recorder.close();
            copyPool.shutdownNow();
            workspaces.close();
            FolderTrees.deleteQuietly(scratchRoot);
            if (!request.keep()) {
                FolderTrees.deleteQuietly(runDir.resolve("work"));
            }
        }
        // the result is told once everything is cleaned up
        if (result != null) {
            handle.complete(result);
        } else {
            handle.fail(failure);
            if (failure instanceof Error err) {
                throw err;
            }
        }
    }

    private static Map<String, Object> header(RunRequest request, PlannedRun prepared) {
        SourceRepository source = prepared.source();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("workflowFile", request.workflowFile().toString());
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("root", source.root().toString());
        src.put("commitId", source.state().commitId());
        src.put("branchName", source.state().branchName());
        header.put("source", src);
        header.put("concurrency", request.concurrency());
        header.put("failFast", request.failFast());
        header.put("bind", request.bind());
        header.putAll(request.recordHeader());
        return header;
    }

    /**
     * Where the actions' scratch folders go (driver scripts with substituted step text, so secrets): a private
     * folder on the memory file system when there is one, else {@code <run>/tmp}.
     */
    private static Path scratchRoot(String runId, Path runDir) {
        if (Files.isDirectory(MEMORY_FS) && Files.isWritable(MEMORY_FS)) {
            try {
                return new ScratchRoots(MEMORY_FS).create(runId);
            } catch (IOException | UnsupportedOperationException e) {
                // fall back to the run folder
            }
        }
        return runDir.resolve("tmp");
    }

    private static String newRunId() {
        byte[] b = new byte[2];
        new SecureRandom().nextBytes(b);
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + HexFormat.of().formatHex(b);
    }

    private static Diagnostic problem(String file, String rule, String message) {
        return problem(file, SourcePosition.UNKNOWN, rule, message);
    }

    private static Diagnostic problem(String file, SourcePosition position, String rule, String message) {
        return new Diagnostic(file, position, Severity.ERROR, rule, message);
    }

    private static Refusal refused(Diagnostic problem) {
        return new Refusal(RunResult.Outcome.REFUSED, List.of(problem));
    }

    private static Refusal refused(List<Diagnostic> warnings, Diagnostic problem) {
        List<Diagnostic> d = new ArrayList<>(warnings);
        d.add(problem);
        return new Refusal(RunResult.Outcome.REFUSED, d);
    }
}
