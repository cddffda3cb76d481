package dev.gantry.engine.run;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.run.RunEvent.ActionFinished;
import dev.gantry.engine.run.RunEvent.ActionStarted;
import dev.gantry.engine.run.RunEvent.LogLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.gantry.engine.run.TestWorkflows.build;
import static dev.gantry.engine.run.TestWorkflows.group;
import static dev.gantry.engine.run.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunExecutorTest {
    @TempDir
    Path runDir;

    final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

    static final ActionTypes STEPS = a -> a.runsSteps()
            ? new ActionWork.RunSteps(a.configuration().steps().stream().map(s -> s.run()).toList())
            : a.isGate() ? new ActionWork.Complete("approved")
            : "test/publish".equals(a.identifierName()) ? new ActionWork.RunTask(new Publish())
            : "test/wait".equals(a.identifierName()) ? new ActionWork.RunTask(new WaitForCancel())
            : new ActionWork.Unsupported("not a build action");

    /** Gantry's own code in a workspace: sees the hooks' environment and the workspace, exports a variable. */
    record Publish() implements ActionTask {
        @Override
        public String describe() {
            return "publish to s3://bucket";
        }

        @Override
        public StepsResult run(StepsJob job, JobEvents events, Cancellation cancellation) throws ActionFailure {
            if (!Files.isDirectory(job.workspace().inputs().get(Workspace.WORKFLOW_SOURCE))) {
                throw new ActionFailure("no source in the workspace");
            }
            events.log("publishing with " + job.environment().get("AWS_SESSION_TOKEN"));
            return StepsResult.succeeded(Map.of("URL",
                    "s3://bucket/" + job.action().configuration().properties().get("Key")));
        }
    }

    /** A task that waits until it is cancelled, then fails saying why it stopped (as an SDK waiter does). */
    record WaitForCancel() implements ActionTask {
        @Override
        public String describe() {
            return "wait for the stack";
        }

        @Override
        public StepsResult run(StepsJob job, JobEvents events, Cancellation cancellation)
                throws ActionFailure, InterruptedException {
            CompletableFuture<Void> cancelled = new CompletableFuture<>();
            cancellation.onCancel(() -> cancelled.complete(null));
            try {
                cancelled.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new ActionFailure("never cancelled");
            }
            throw new ActionFailure("stopped waiting for the stack");
        }
    }

    final WorkspaceProvider workspaces = new WorkspaceProvider() {
        @Override
        public Workspace create(Action action, Path actionDirectory) throws IOException {
            Path src = Files.createDirectories(actionDirectory.resolve("WorkflowSource"));
            return new Workspace(actionDirectory, Map.of(Workspace.WORKFLOW_SOURCE, src), false);
        }

        @Override
        public void release(Workspace workspace) {
        }
    };

    RunExecutor executor(Workflow wf, int concurrency, boolean failFast, Map<String, String> secrets,
                         List<ActionLifecycle> lifecycles, Runner... runners) {
        ActionGraph graph = ActionGraph.of(wf);
        ReferenceValues refs = new ReferenceValues(new WorkflowSource(runDir, "abc123", "main"), secrets,
                graph.actions());
        RunPlan.Outcome planned = RunPlan.of(graph, List.of(), STEPS, RunnerRouting.any(List.of(runners)), refs);
        assertThat(planned.problems()).isEmpty();
        SecretMasker masker = new SecretMasker();
        secrets.values().forEach(masker::add);
        RunSettings settings = new RunSettings("r1", runDir, concurrency, failFast, Duration.ofMillis(100),
                Map.of("PATH", "/bin"));
        return new RunExecutor(planned.plan(), settings, workspaces, lifecycles, refs, masker);
    }

    RunReport run(Workflow wf, int concurrency, boolean failFast, Runner... runners) {
        return executor(wf, concurrency, failFast, Map.of(), List.of(), runners).run(events::add);
    }

    Instant startOf(String id) {
        return events.stream().filter(e -> e instanceof ActionStarted s && s.actionId().equals(id))
                .map(RunEvent::at).findFirst().orElseThrow();
    }

    ActionResult resultOf(RunReport r, String id) {
        return r.actions().stream().filter(a -> a.actionId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aTaskRunsInTheWorkspaceWithTheHooksAsTheActionsOneStep() {
        Action publish = new Action("Publish", null, "test/publish@v1", List.of("Build"), null, null, null, Map.of(),
                new dev.gantry.engine.model.Inputs(List.of("WorkflowSource"), List.of(), List.of()),
                new dev.gantry.engine.model.Outputs(List.of(), List.of("URL"), null, Map.of()),
                new dev.gantry.engine.model.Configuration(List.of(), null, Map.of("Key", "site/${Build.V}")));
        Workflow wf = workflow(build("Build", null, List.of(), List.of(), List.of("V"), null, "set V=v7"), publish);
        ActionLifecycle creds = new ActionLifecycle() {
            @Override
            public void beforeSteps(ActionScope scope) {
                scope.putEnvironment("AWS_SESSION_TOKEN", "tok-123456");
                scope.addSecret("tok-123456");
            }
        };
        RunReport r = executor(wf, 2, false, Map.of(), List.of(creds), new FakeRunner("l", 2)).run(events::add);
        assertThat(resultOf(r, "Publish").status()).as(resultOf(r, "Publish").message())
                .isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(resultOf(r, "Publish").outputs()).containsEntry("URL", "s3://bucket/site/v7");
        assertThat(resultOf(r, "Publish").runner()).isNull();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.LogLine.class,
                l -> assertThat(l.text()).isEqualTo("publishing with ***")));
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(RunEvent.StepStarted.class,
                s -> assertThat(s.text()).isEqualTo("publish to s3://bucket")));
    }

    @Test
    void aTaskThatFailsBecauseItsTimeoutCancelledItEndsTimedOutNotFailed() {
        Action wait = new Action("Wait", null, "test/wait@v1", List.of(), null, 3, null, Map.of(),
                new dev.gantry.engine.model.Inputs(List.of("WorkflowSource"), List.of(), List.of()),
                new dev.gantry.engine.model.Outputs(List.of(), List.of(), null, Map.of()),
                new dev.gantry.engine.model.Configuration(List.of(), null, Map.of()));
        RunReport r = run(workflow(wait), 2, false, new FakeRunner("l", 2));
        assertThat(resultOf(r, "Wait").status()).as(resultOf(r, "Wait").message())
                .isEqualTo(ActionStatus.TIMED_OUT);
        assertThat(resultOf(r, "Wait").message()).isEqualTo("timed out after 3 min (Timeout: 3)");
    }

    @Test
    void anActionStartsWhenItsLastDependencySucceedsNotWhenItsLevelEnds() {
        Workflow wf = workflow(build("Slow", List.of(), "sleep 1500"), build("Fast", List.of(), "sleep 50"),
                build("AfterFast", List.of("Fast"), "sleep 10"));
        RunReport r = run(wf, 4, false, new FakeRunner("local", 4));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(startOf("AfterFast")).isBefore(resultOf(r, "Slow").finished());
        assertThat(Duration.between(startOf("Fast"), startOf("AfterFast"))).isLessThan(Duration.ofMillis(800));
    }

    @Test
    void theReadyActionWithTheLongestRemainingChainGoesFirst() {
        Workflow wf = workflow(build("Short", List.of(), "sleep 30"), build("Long1", List.of(), "sleep 30"),
                build("Long2", List.of("Long1"), "sleep 30"), build("Long3", List.of("Long2"), "sleep 30"));
        RunReport r = run(wf, 1, false, new FakeRunner("local", 1));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(startOf("Long1")).isBefore(startOf("Short"));
    }

    @Test
    void concurrencyBoundsActionsRunningAtOnce() {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            actions.add(build("A" + i, List.of(), "sleep 60"));
        }
        FakeRunner runner = new FakeRunner("local", 10);
        RunReport r = run(workflow(actions.toArray(Action[]::new)), 2, false, runner);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runner.maxActive.get()).isEqualTo(2);
    }

    @Test
    void runnerCapacityBoundsToo() {
        FakeRunner runner = new FakeRunner("local", 1);
        RunReport r = run(workflow(build("A", List.of(), "sleep 50"), build("B", List.of(), "sleep 50")), 4, false,
                runner);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(runner.maxActive.get()).isEqualTo(1);
    }

    @Test
    void aFailureSkipsDependentsWhileIndependentActionsGoOn() {
        Workflow wf = workflow(build("Bad", List.of(), "echo hi", "fail 3", "echo never"),
                build("Child", List.of("Bad"), "echo child"), build("Grandchild", List.of("Child"), "echo gc"),
                build("Other", List.of(), "sleep 100"));
        RunReport r = run(wf, 4, false, new FakeRunner("local", 4));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        ActionResult bad = resultOf(r, "Bad");
        assertThat(bad.status()).isEqualTo(ActionStatus.FAILED);
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.failedStep()).isEqualTo(2);
        assertThat(resultOf(r, "Child").status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(resultOf(r, "Grandchild").status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(resultOf(r, "Other").status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(events).noneMatch(e -> e instanceof LogLine l && l.text().equals("never"));
    }

    @Test
    void failFastCancelsEverything() {
        Workflow wf = workflow(build("Bad", List.of(), "sleep 50", "fail 1"), build("Long", List.of(), "sleep 5000"),
                build("Later", List.of("Long"), "echo x"));
        long t0 = System.nanoTime();
        RunReport r = run(wf, 4, true, new FakeRunner("local", 4));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(resultOf(r, "Long").status()).isEqualTo(ActionStatus.CANCELLED);
        assertThat(resultOf(r, "Later").status()).isEqualTo(ActionStatus.SKIPPED);
    }

    @Test
    void timeoutEndsTheAction() {
        Workflow wf = workflow(build("Hang", null, List.of(), List.of(), List.of(), 5, "sleep 10000"));
        long t0 = System.nanoTime();
        RunReport r = run(wf, 2, false, new FakeRunner("local", 2));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(resultOf(r, "Hang").status()).isEqualTo(ActionStatus.TIMED_OUT);
        assertThat(resultOf(r, "Hang").message()).contains("timed out");
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void cancelInterruptsTheRun() throws Exception {
        Workflow wf = workflow(build("Long", List.of(), "sleep 10000"), build("After", List.of("Long"), "echo x"));
        RunExecutor ex = executor(wf, 2, false, Map.of(), List.of(), new FakeRunner("local", 2));
        CompletableFuture<RunReport> f = CompletableFuture.supplyAsync(() -> ex.run(events::add));
        while (events.stream().noneMatch(e -> e instanceof ActionStarted)) {
            Thread.sleep(5);
        }
        ex.cancel();
        RunReport r = f.get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(resultOf(r, "Long").status()).isEqualTo(ActionStatus.CANCELLED);
        assertThat(resultOf(r, "After").status()).isEqualTo(ActionStatus.SKIPPED);
    }

    @Test
    void outputsFlowDownstreamIncludingAGroupMembers() {
        Action producer = build("Make", "G", List.of(), List.of(), List.of("VERSION"), null,
                "set VERSION=1.2.3");
        Action sibling = build("Use", "G", List.of(), List.of(new Variable("V", "${Make.VERSION}")), List.of(),
                null, "env V");
        Action outside = build("Deploy", null, List.of("G"), List.of(new Variable("V", "v${G.Make.VERSION}")),
                List.of(), null, "env V");
        RunReport r = run(workflow(group("G", List.of(), producer, sibling), outside), 4, false,
                new FakeRunner("local", 4));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(resultOf(r, "G.Make").outputs()).containsEntry("VERSION", "1.2.3");
        assertThat(events).anyMatch(e -> e instanceof LogLine l && l.actionId().equals("G.Use")
                && l.text().equals("V=1.2.3"));
        assertThat(events).anyMatch(e -> e instanceof LogLine l && l.actionId().equals("Deploy")
                && l.text().equals("V=v1.2.3"));
    }

    @Test
    void secretsAreMaskedInEveryEventAndTheReport() {
        Action a = build("A", null, List.of(), List.of(new Variable("TOKEN", "${Secrets.TOKEN}")), List.of("OUT"),
                null, "echo the token is s3cr3t-value", "set OUT=s3cr3t-value", "env TOKEN");
        List<RunEvent> seen = new ArrayList<>();
        RunReport r = executor(workflow(a), 2, false, Map.of("TOKEN", "s3cr3t-value"), List.of(),
                new FakeRunner("local", 2)).run(seen::add);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(seen.toString()).doesNotContain("s3cr3t-value").contains("***");
        assertThat(r.toString()).doesNotContain("s3cr3t-value");
        assertThat(resultOf(r, "A").outputs()).containsEntry("OUT", "***");
    }

    @Test
    void environmentHasAllowlistCatalystVariablesAndInputs() {
        FakeRunner runner = new FakeRunner("local", 2);
        Action a = build("A", null, List.of(), List.of(new Variable("CI", "overridden"),
                new Variable("COMMIT", "${WorkflowSource.CommitId}@${WorkflowSource.BranchName}")), List.of(), null,
                "echo x");
        RunReport r = run(workflow(a), 2, false, runner);
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        Map<String, String> env = runner.jobs.get("A").environment();
        assertThat(env).containsEntry("PATH", "/bin").containsEntry("CI", "overridden")
                .containsEntry("COMMIT", "abc123@main").containsKey("CATALYST_SOURCE_DIR_WorkflowSource")
                .containsEntry("CATALYST_WORKFLOW_PROJECT_ID", "-");
        assertThat(env.get("CATALYST_DEFAULT_DIR")).isEqualTo(env.get("CATALYST_SOURCE_DIR_WorkflowSource"));
        assertThat(runner.jobs.get("A").pathVariables()).contains("CATALYST_DEFAULT_DIR");
    }

    @Test
    void lifecycleHooksAddEnvironmentAndSecretsAndCanFailTheAction() {
        ActionLifecycle creds = new ActionLifecycle() {
            @Override
            public void beforeSteps(ActionScope scope) {
                scope.putEnvironment("AWS_SESSION_TOKEN", "tok-987654");
                scope.addSecret("tok-987654");
                scope.log("assumed a role");
            }

            @Override
            public void afterSteps(ActionScope scope, StepsResult result) throws ActionFailure {
                scope.record("tests", Map.of("passed", 3));
                scope.addSummary("3 passed");
                if (scope.action().name().equals("Gate")) {
                    throw new ActionFailure("pass rate 50% is below 90%");
                }
            }
        };
        ActionLifecycle refuse = new ActionLifecycle() {
            @Override
            public void beforeSteps(ActionScope scope) throws ActionFailure {
                if (scope.action().name().equals("NoRole")) {
                    throw new ActionFailure("role cannot be assumed");
                }
            }
        };
        Workflow wf = workflow(build("Ok", List.of(), "env AWS_SESSION_TOKEN"), build("Gate", List.of(), "echo x"),
                build("NoRole", List.of(), "echo should-not-run"));
        RunReport r = executor(wf, 3, false, Map.of(), List.of(creds, refuse), new FakeRunner("local", 3))
                .run(events::add);
        assertThat(resultOf(r, "Ok").status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(resultOf(r, "Ok").details()).containsKey("tests");
        assertThat(resultOf(r, "Ok").summary()).containsExactly("3 passed");
        assertThat(events).anyMatch(e -> e instanceof LogLine l && l.text().equals("AWS_SESSION_TOKEN=***"));
        assertThat(resultOf(r, "Gate").status()).isEqualTo(ActionStatus.FAILED);
        assertThat(resultOf(r, "Gate").message()).isEqualTo("pass rate 50% is below 90%");
        assertThat(resultOf(r, "NoRole").status()).isEqualTo(ActionStatus.FAILED);
        assertThat(resultOf(r, "NoRole").message()).isEqualTo("role cannot be assumed");
        assertThat(events).noneMatch(e -> e instanceof LogLine l && l.text().equals("should-not-run"));
    }

    @Test
    void gatesCompleteWithoutARunnerSlot() {
        Action gate = new Action("Approve", null, "aws/approval@v1", List.of("A"), null, null, null, Map.of(),
                dev.gantry.engine.model.Inputs.NONE, dev.gantry.engine.model.Outputs.NONE,
                dev.gantry.engine.model.Configuration.NONE);
        RunReport r = run(workflow(build("A", List.of(), "echo a"), gate, build("B", List.of("Approve"), "echo b")),
                1, false, new FakeRunner("local", 1));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(resultOf(r, "Approve").runner()).isNull();
    }

    @Test
    void planningReportsMissingSecretsCyclesUnsupportedActionsAndUnknownTargets() {
        Action a = build("A", List.of(), "echo ${Secrets.API_KEY}");
        Action deploy = new Action("Deploy", null, "aws/ecs-deploy@v1", List.of(), null, null, null, Map.of(),
                dev.gantry.engine.model.Inputs.NONE, dev.gantry.engine.model.Outputs.NONE,
                dev.gantry.engine.model.Configuration.NONE);
        ActionGraph graph = ActionGraph.of(workflow(a, deploy));
        ReferenceValues refs = new ReferenceValues(new WorkflowSource(runDir, null, null), Map.of(), graph.actions());
        RunPlan.Outcome o = RunPlan.of(graph, List.of(), STEPS,
                RunnerRouting.any(List.of(new FakeRunner("l", 1))), refs);
        assertThat(o.ok()).isFalse();
        assertThat(o.problems()).extracting(PlanProblem::rule).containsExactly("secret-missing",
                "action-unsupported");
        assertThat(o.problems().get(0).message()).contains("'API_KEY'");
        assertThat(o.problems().get(0).path()).isEqualTo("/Actions/A/Configuration/Steps/0/Run");

        RunPlan.Outcome onlyA = RunPlan.of(graph, List.of("Deploy"), STEPS,
                RunnerRouting.any(List.of(new FakeRunner("l", 1))), refs);
        assertThat(onlyA.problems()).extracting(PlanProblem::rule).containsExactly("action-unsupported");
        assertThatThrownBy(() -> RunPlan.of(graph, List.of("Nope"), STEPS, RunnerRouting.any(List.of()), refs))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nope");

        ActionGraph cyclic = ActionGraph.of(workflow(build("X", List.of("Y"), "true"),
                build("Y", List.of("X"), "true")));
        RunPlan.Outcome c = RunPlan.of(cyclic, List.of(), STEPS, RunnerRouting.any(List.of()), refs);
        assertThat(c.problems()).extracting(PlanProblem::rule).containsExactly("dependency-cycle");
    }

    @Test
    void targetsRunWithWhatTheyDependOn() {
        Workflow wf = workflow(build("A", List.of(), "echo a"), build("B", List.of("A"), "echo b"),
                build("C", List.of(), "echo c"));
        ActionGraph graph = ActionGraph.of(wf);
        ReferenceValues refs = new ReferenceValues(new WorkflowSource(runDir, null, null), Map.of(), graph.actions());
        RunPlan plan = RunPlan.of(graph, List.of("B"), STEPS, RunnerRouting.any(List.of(new FakeRunner("l", 1))),
                refs).plan();
        assertThat(plan.actions()).containsExactly("A", "B");
    }

    @Test
    void missingUpstreamOutputIsEmptyWithANote() {
        Action p = build("P", null, List.of(), List.of(), List.of("NEVER_SET"), null, "echo p");
        Action c = build("C", null, List.of(), List.of(new Variable("X", "[${P.NEVER_SET}]")), List.of(), null,
                "env X");
        RunReport r = run(workflow(p, c), 2, false, new FakeRunner("local", 2));
        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(events).anyMatch(e -> e instanceof LogLine l && l.note() && l.actionId().equals("P")
                && l.text().contains("'NEVER_SET' was not set"));
        assertThat(events).anyMatch(e -> e instanceof LogLine l && l.text().equals("X=[]"));
    }

    @Test
    void outputVariablesOverTheServiceLimitFailTheAction() {
        String big = "x".repeat(RunSettings.OUTPUT_VARIABLES_LIMIT_BYTES + 1);
        Action p = build("P", null, List.of(), List.of(), List.of("BIG"), null, "set BIG=" + big);
        RunReport r = run(workflow(p), 1, false, new FakeRunner("local", 1));
        assertThat(resultOf(r, "P").status()).isEqualTo(ActionStatus.FAILED);
        assertThat(resultOf(r, "P").message()).contains("120 KB");
    }

    @Test
    void eventsOfOneActionComeInOrder() {
        run(workflow(build("A", List.of(), "echo one", "echo two")), 1, false, new FakeRunner("local", 1));
        List<String> kinds = events.stream().filter(e -> !(e instanceof RunEvent.RunStarted)
                        && !(e instanceof RunEvent.RunFinished))
                .map(e -> e.getClass().getSimpleName()).toList();
        assertThat(kinds).containsExactly("ActionStarted", "StepStarted", "LogLine", "StepFinished", "StepStarted",
                "LogLine", "StepFinished", "ActionFinished");
        assertThat(events.get(events.size() - 1)).isInstanceOf(RunEvent.RunFinished.class);
        assertThat(events).filteredOn(e -> e instanceof ActionFinished).hasSize(1);
    }

    @Test
    void theNextActionsWorkspaceIsMadeWhileItsDependencyRuns() {
        Map<String, Instant> created = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> released = Collections.synchronizedList(new ArrayList<>());
        WorkspaceProvider recording = new WorkspaceProvider() {
            @Override
            public Workspace create(Action action, Path actionDirectory) throws IOException {
                created.put(action.id(), Instant.now());
                return workspaces.create(action, actionDirectory);
            }

            @Override
            public void release(Workspace workspace) {
                released.add(workspace.root().getFileName().toString());
            }
        };
        Workflow wf = workflow(build("A", List.of(), "sleep 300"), build("B", List.of("A"), "echo b"),
                build("Bad", List.of(), "sleep 100", "fail 1"), build("NeverRuns", List.of("Bad"), "echo x"));
        ActionGraph graph = ActionGraph.of(wf);
        ReferenceValues refs = new ReferenceValues(new WorkflowSource(runDir, null, null), Map.of(),
                graph.actions());
        RunPlan plan = RunPlan.of(graph, List.of(), STEPS, RunnerRouting.any(List.of(new FakeRunner("l", 4))), refs)
                .plan();
        RunReport r = new RunExecutor(plan, new RunSettings("r", runDir, 4, false, Duration.ofMinutes(1), Map.of()),
                recording, List.of(), refs, new SecretMasker()).run(events::add);
        assertThat(created.get("B")).isBefore(resultOf(r, "A").finished());
        assertThat(resultOf(r, "NeverRuns").status()).isEqualTo(ActionStatus.SKIPPED);
        assertThat(released).containsExactlyInAnyOrder("A", "B", "Bad", "NeverRuns");
    }
}
