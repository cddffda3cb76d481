package dev.gantry.runners.kubernetes;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.ReferenceValues;
import dev.gantry.engine.run.RunExecutor;
import dev.gantry.engine.run.RunPlan;
import dev.gantry.engine.run.RunReport;
import dev.gantry.engine.run.RunSettings;
import dev.gantry.engine.run.RunStatus;
import dev.gantry.engine.run.RunnerRouting;
import dev.gantry.engine.run.SecretMasker;
import dev.gantry.engine.run.WorkflowSource;
import dev.gantry.engine.run.Workspace;
import dev.gantry.engine.run.WorkspaceProvider;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsResult;
import dev.gantry.engine.model.Container;
import dev.gantry.runners.image.CuratedImages;
import dev.gantry.runners.image.ImagePolicy;
import dev.gantry.runners.image.ImageSettings;
import dev.gantry.runners.testing.RecordingEvents;
import dev.gantry.runners.testing.SampleJobs;
import dev.gantry.runners.transport.ShellRunner;
import dev.gantry.runners.transport.Transport;
import dev.gantry.runners.transport.TransportException;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kubernetes transport against fabric8's Kubernetes mock server in CRUD mode, a mock because no Kubernetes API
 * server can run here. The tests play the scheduler and kubelet by writing pod statuses, and exec channels are
 * answered by local processes ({@link LocalExec}) that get the environment of the pod's secret, so the workspace
 * transfer, the framed stdin and the secret's variables go through fabric8's real exec client and WebSocket.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KubernetesTransportTest {
    private static final String NS = "ci";

    @TempDir
    Path dir;
    private MockCluster mock;
    private ClusterConnection connection;
    private Path podRoot;
    private volatile Function<Pod, PodStatus> kubelet = pod -> running();
    private final List<Pod> podsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread kubeletThread;

    @BeforeEach
    void start() throws Exception {
        podRoot = Files.createDirectories(dir.resolve("pod"));
        mock = new MockCluster(podRoot);
        kubeletThread = new Thread(this::playKubelet, "kubelet");
        kubeletThread.setDaemon(true);
        kubeletThread.start();
    }

    @AfterEach
    void stop() {
        kubeletThread.interrupt();
        if (connection != null) {
            connection.close();
        }
        mock.close();
    }

    /** Gives each new pod the status {@link #kubelet} says, once. */
    private void playKubelet() {
        java.util.Set<String> done = new java.util.HashSet<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (Pod p : mock.client.pods().inNamespace(NS).list().getItems()) {
                    if (done.add(p.getMetadata().getName())) {
                        podsSeen.add(p);
                        PodStatus status = kubelet.apply(p);
                        if (status != null) {
                            mock.setStatus(NS, p.getMetadata().getName(), status);
                        }
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the pod went away meanwhile
            }
        }
    }

    private static PodStatus running() {
        return new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().withContainerStatuses(new ContainerStatusBuilder().withName(ActionPod.CONTAINER)
                        .withNewState().withNewRunning().endRunning().endState().build()).build();
    }

    private KubernetesTransport transport(Duration scheduleTimeout) {
        KubernetesConfig config = new KubernetesConfig(null, NS, Map.of(Architecture.AMD64, "builder:1"), null,
                Map.of(), List.of(), Map.of(), Map.of(), scheduleTimeout, null);
        connection = new ClusterConnection(config, c -> mock.patientClient());
        return new KubernetesTransport("eks", Architecture.AMD64, config, connection, new Semaphore(2),
                Duration.ofSeconds(1), null, ImageSettings.defaults(), podRoot.toString());
    }

    private StepsJob job() throws Exception {
        return SampleJobs.build(dir.resolve("action"), List.of("true"), List.of(),
                Map.of("GREETING", "hello from the secret"), List.of());
    }

    private void assertNothingLeft() throws InterruptedException {
        SampleJobs.waitFor(() -> mock.client.pods().inNamespace(NS).list().getItems().isEmpty()
                && mock.client.secrets().inNamespace(NS).list().getItems().isEmpty());
    }

    private ShellRunner runner(KubernetesTransport transport) {
        return new ShellRunner("eks", () -> RunnerLabels.of("amd64"), 2, transport, Duration.ofSeconds(1), false);
    }

    /**
     * Mock (no API server or kubelet here): an action through the shared ShellRunner skeleton, the pod's shell a
     * local process: steps and their markers, the secret's variables, output variables, the workspace there and
     * back, and nothing left in the cluster.
     */
    @Test
    void anActionRunsItsStepsInThePodWithTheSecretsVariablesAndItsChangesComeBack() throws Exception {
        StepsJob job = SampleJobs.build(dir.resolve("action"), List.of(
                "echo \"$GREETING\"; cat input.txt",
                "echo made > made.txt; rm doomed.txt; OUT=\"value from step 2\"; pwd",
                "echo \"CATALYST_DEFAULT_DIR=$CATALYST_DEFAULT_DIR\" >&2",
                "echo \"temp=$GANTRY_ACTION_TEMP\"; echo x > \"$GANTRY_ACTION_TEMP/f\" && echo temp-writable"),
                List.of("OUT"),
                Map.of("GREETING", "hello from the secret"), List.of());
        RecordingEvents events = new RecordingEvents();
        KubernetesTransport transport = transport(Duration.ofSeconds(60));
        String there = podRoot + "/fs" + job.workingDirectory();

        StepsResult result = runner(transport).runSteps(job, events, new Cancellation());

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.outputs()).containsEntry("OUT", "value from step 2");
        assertThat(events.all).containsSubsequence("S1", "L1:hello from the secret", "L1:from the repository", "E1=0",
                "S2", "L2:" + there, "E2=0", "S3", "L3:CATALYST_DEFAULT_DIR=" + there, "E3=0",
                "L4:temp=" + podRoot + "/fs" + job.scratchDirectory() + "/tmp", "L4:temp-writable", "E4=0");
        assertThat(job.workingDirectory().resolve("made.txt")).hasContent("made");
        assertThat(job.workingDirectory().resolve("doomed.txt")).doesNotExist();
        assertNothingLeft();
    }

    /**
     * Mock (no API server or kubelet here): a workflow whose {@code Compute} is set only at workflow level
     * ({@code Linux.x86-64.XLarge}) runs its action, which has none of its own, through the engine's executor; the
     * pod is sized by the workflow's fleet (4 vCPU, 8 GiB, reference §1.4: it applies to all actions), not Large.
     */
    @Test
    void anActionWithoutComputeOfItsOwnGetsAPodSizedByTheWorkflowsCompute() throws Exception {
        Action build = new Action("Build", null, "aws/build@v1", List.of(), null, null, null, Map.of(),
                new Inputs(List.of(), List.of(), List.of()), Outputs.NONE,
                new Configuration(List.of(new Step("echo built")), null, Map.of()));
        Workflow wf = new Workflow("wf", "1.0", null, new Compute(ComputeType.EC2, "Linux.x86-64.XLarge", null),
                List.of(), List.of(build));
        ActionGraph graph = ActionGraph.of(wf);
        Path runDir = Files.createDirectories(dir.resolve("run"));
        ReferenceValues refs = new ReferenceValues(new WorkflowSource(runDir, "abc123", "main"), Map.of(),
                graph.actions());
        RunPlan.Outcome planned = RunPlan.of(graph, List.of(), a -> new ActionWork.RunSteps(
                a.configuration().steps().stream().map(Step::run).toList()),
                RunnerRouting.any(List.of(runner(transport(Duration.ofSeconds(60))))), refs);
        assertThat(planned.problems()).isEmpty();
        WorkspaceProvider workspaces = new WorkspaceProvider() {
            @Override
            public Workspace create(Action action, Path actionDirectory) throws java.io.IOException {
                return new Workspace(Files.createDirectories(actionDirectory), Map.of(), false);
            }

            @Override
            public void release(Workspace workspace) {
            }
        };
        RunReport report = new RunExecutor(planned.plan(), new RunSettings("r1", runDir, 2, false,
                Duration.ofMinutes(1), Map.of("PATH", "/usr/bin:/bin")), workspaces, List.of(), refs,
                new SecretMasker()).run(e -> { });

        assertThat(report.status()).as(report.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(podsSeen).hasSize(1);
        var requests = podsSeen.get(0).getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(ActionPod.CONTAINER)).findFirst().orElseThrow()
                .getResources().getRequests();
        assertThat(requests.get("cpu").toString()).isEqualTo("4");
        assertThat(requests.get("memory").toString()).isEqualTo("8Gi");
        assertNothingLeft();
    }

    /**
     * Mock (no API server here): a Gantry killed while its actions' pods ran leaves them in the cluster; the next one
     * deletes the pods of the runs it found in progress, with their secrets, and leaves other runs' and other runners'
     * pods alone.
     */
    @Test
    void theNextGantrysSweepDeletesThePodsOfTheRunsThatDiedAndNothingElse() throws Exception {
        KubernetesConfig config = new KubernetesConfig(null, NS, Map.of(Architecture.AMD64, "builder:1"), null,
                Map.of(), List.of(), Map.of(), Map.of(), Duration.ofSeconds(60), null);
        KubernetesCluster cluster = new KubernetesCluster(mock.client, NS);
        java.util.function.BiFunction<String, String, String> made = (runner, run) -> {
            try {
                ActionPod pod = ActionPod.of(config, new ActionPod.Request(runner, "Build", Architecture.AMD64,
                        "Linux.x86-64.Large", "builder:1", Map.of("TOKEN", "t"), null, Duration.ofMinutes(60), run));
                cluster.create(pod);
                return pod.name();
            } catch (KubernetesCluster.ClusterFailure e) {
                throw new IllegalStateException(e);
            }
        };
        String dead = made.apply("eks", "7");
        String alive = made.apply("eks", "8");
        String otherRunner = made.apply("gke", "7");
        String noRun = made.apply("eks", null);

        KubernetesTransport.PodSweep swept = transport(Duration.ofSeconds(60)).sweepLeftovers(List.of("7"));

        assertThat(swept.problem()).isNull();
        assertThat(swept.deleted()).containsExactly(dead);
        assertThat(mock.client.pods().inNamespace(NS).list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(alive, otherRunner, noRun);
        assertThat(mock.client.secrets().inNamespace(NS).withName(dead).get()).isNull();
        assertThat(transport(Duration.ofSeconds(60)).sweepLeftovers(List.of()).deleted()).isEmpty();
    }

    /**
     * A pod runs in the image the action would run in on any runner: a curated {@code CODECATALYST} name is mapped
     * (as written, it is not an image reference a cluster can pull), {@code --image service} gives actions without
     * {@code Container} the service's image, and {@code --host} (or no image at all) leaves the runner's own.
     */
    @Test
    void thePodsImageIsChosenAsOnEveryRunner() {
        KubernetesConfig config = new KubernetesConfig(null, NS, Map.of(Architecture.AMD64, "builder:1"), null,
                Map.of(), List.of(), Map.of(), Map.of(), Duration.ofSeconds(60), null);
        Function<ImageSettings, KubernetesTransport> transport = images -> new KubernetesTransport("eks",
                Architecture.AMD64, config, new ClusterConnection(config, c -> mock.patientClient()), new Semaphore(1),
                Duration.ofSeconds(1), null, images, podRoot.toString());
        Function<Container, Action> action = container -> new Action("Build", null, "aws/build@v1", List.of(), null,
                null, null, Map.of(), Inputs.NONE, Outputs.NONE, new Configuration(List.of(new Step("true")),
                container, Map.of()));
        ImageSettings defaults = ImageSettings.defaults();
        String curated = "CodeCatalystLinux_x86_64:2024_03";

        assertThat(transport.apply(defaults).image(action.apply(new Container("DockerHub", "node:18"))))
                .isEqualTo("node:18");
        assertThat(transport.apply(defaults).image(action.apply(new Container("CODECATALYST", curated))))
                .isEqualTo(CuratedImages.defaults().imageOf(curated).orElseThrow()).isNotEqualTo(curated);
        assertThat(transport.apply(defaults).image(action.apply(null))).isEqualTo("builder:1");
        ImageSettings service = new ImageSettings(CuratedImages.defaults(), ImagePolicy.SERVICE, false);
        assertThat(transport.apply(service).image(action.apply(null))).isEqualTo(CuratedImages.defaults()
                .imageOf(CuratedImages.serviceChoice("aws/build@v1", "amd64")).orElseThrow());
        ImageSettings host = new ImageSettings(CuratedImages.defaults(), ImagePolicy.HOST, true);
        assertThat(transport.apply(host).image(action.apply(new Container("DockerHub", "node:18"))))
                .isEqualTo("builder:1");
    }

    /**
     * Mock (no API server or kubelet here): a workspace of 24 MiB goes in as some 3,000 stdin frames of one exec
     * channel and comes back whole (fabric8's JDK HTTP client flavour failed this: its WebSocket refuses a frame while
     * the previous one is still being sent, and the exec then fails with "could not send").
     */
    @Test
    void aLargeWorkspaceGoesInAndComesBackWhole() throws Exception {
        StepsJob job = job();
        byte[] data = new byte[24 << 20];
        new java.util.Random(17).nextBytes(data);
        Files.write(job.workingDirectory().resolve("big.bin"), data);
        StepsJob withStep = new StepsJob(job.actionId(), job.action(), List.of("sha256sum big.bin > big.sha; "
                + "cp big.bin copy.bin"), job.environment(), job.pathVariables(), job.workspace(),
                job.workingDirectory(), job.outputVariables(), job.scratchDirectory());
        StepsResult result = runner(transport(Duration.ofSeconds(60))).runSteps(withStep, new RecordingEvents(),
                new Cancellation());
        assertThat(result.succeeded()).as(result.toString()).isTrue();
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(data));
        assertThat(Files.readString(job.workingDirectory().resolve("big.sha"))).startsWith(expected);
        assertThat(Files.readAllBytes(job.workingDirectory().resolve("copy.bin"))).isEqualTo(data);
        assertNothingLeft();
    }

    /** Mock (no kubelet here): a failing step fails the action with its exit status; the pod is deleted. */
    @Test
    void aFailingStepFailsTheActionAndThePodIsDeleted() throws Exception {
        StepsJob job = SampleJobs.build(dir.resolve("action"), List.of("echo one", "exit 7", "echo never"),
                List.of(), Map.of(), List.of());
        StepsResult result = runner(transport(Duration.ofSeconds(60))).runSteps(job, new RecordingEvents(),
                new Cancellation());
        assertThat(result.outcome()).isEqualTo(StepsResult.Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.failedStep()).isEqualTo(2);
        assertNothingLeft();
    }

    /** Mock (no kubelet here): the action's Timeout fires during a step; its processes end, the pod is deleted. */
    @Test
    void aTimeoutDuringAStepEndsItAndDeletesThePod() throws Exception {
        StepsJob job = SampleJobs.build(dir.resolve("action"), List.of("echo started; sleep 600"), List.of(),
                Map.of(), List.of());
        RecordingEvents events = new RecordingEvents();
        Cancellation cancel = new Cancellation();
        CompletableFuture<StepsResult> result = SampleJobs.start(runner(transport(Duration.ofSeconds(60))), job,
                events, cancel);
        SampleJobs.waitFor(() -> events.lines().contains("started"));
        cancel.cancel(Cancellation.Reason.TIMEOUT);
        StepsResult r = result.get(120, TimeUnit.SECONDS);
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.CANCELLED);
        assertNothingLeft();
    }

    /**
     * Mock (no kubelet here): the test evicts the pod while a step runs, as the kubelet would (status Failed,
     * reason Evicted, and the container's processes gone); the action fails with the eviction message.
     */
    @Test
    void aPodEvictedDuringAStepFailsTheActionWithTheReason() throws Exception {
        StepsJob job = SampleJobs.build(dir.resolve("action"), List.of("echo started; sleep 600"), List.of(),
                Map.of(), List.of());
        RecordingEvents events = new RecordingEvents();
        CompletableFuture<StepsResult> result = SampleJobs.start(runner(transport(Duration.ofSeconds(60))), job,
                events, new Cancellation());
        SampleJobs.waitFor(() -> events.lines().contains("started"));
        String pod = mock.client.pods().inNamespace(NS).list().getItems().get(0).getMetadata().getName();
        mock.setStatus(NS, pod, new PodStatusBuilder().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: memory.").build());
        mock.killExecs();
        StepsResult r = result.get(120, TimeUnit.SECONDS);
        assertThat(r.outcome()).isEqualTo(StepsResult.Outcome.FAILED);
        assertThat(r.message()).contains("evicted: The node was low on resource: memory.");
        assertNothingLeft();
    }

    /** Mock (no scheduler here): the test writes what the scheduler writes when no arm64 node exists. */
    @Test
    void aPodThatCannotBeScheduledFailsWithTheSchedulersReasonAndIsDeleted() throws Exception {
        kubelet = pod -> new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/2 nodes are available: 2 node(s) "
                        + "didn't match Pod's node affinity/selector.").endCondition().build();
        KubernetesTransport transport = transport(Duration.ofSeconds(3));
        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.open(job(), new Cancellation()))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("pod ci/gantry-build-")
                .hasMessageContaining("(amd64) did not start within 3 s: not scheduled (Unschedulable): 0/2 nodes "
                        + "are available: 2 node(s) didn't match Pod's node affinity/selector. (raise "
                        + "kubernetes.scheduleTimeout in gantry.yaml if the cluster is only slow)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertNothingLeft();
    }

    /** Mock (no kubelet here): the test writes the status of a pod evicted before its first step. */
    @Test
    void anEvictedPodFailsWithTheEvictionMessage() throws Exception {
        kubelet = pod -> new PodStatusBuilder().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: memory.").build();
        assertThatThrownBy(() -> transport(Duration.ofSeconds(60)).open(job(), new Cancellation()))
                .hasMessageContaining("ended before the first step: evicted: The node was low on resource: memory.");
        assertNothingLeft();
    }

    /** Mock (no scheduler here): a pod that never starts; the action is cancelled meanwhile (Timeout, Ctrl-C). */
    @Test
    void cancellingWhileThePodStartsDeletesIt() throws Exception {
        kubelet = pod -> null;
        Cancellation cancel = new Cancellation();
        KubernetesTransport transport = transport(Duration.ofMinutes(10));
        StepsJob job = job();
        CompletableFuture<Throwable> opened = CompletableFuture.supplyAsync(() -> {
            try {
                transport.open(job, cancel).close(false);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        SampleJobs.waitFor(() -> !mock.client.pods().inNamespace(NS).list().getItems().isEmpty());
        cancel.cancel(Cancellation.Reason.INTERRUPTED);
        assertThat(opened.get(60, TimeUnit.SECONDS)).hasMessageContaining("cancelled while pod ci/")
                .isInstanceOf(TransportException.class);
        assertNothingLeft();
    }

    /** Mock (no kubelet here): closing without copying back (Ctrl-C) deletes the pod and its secret. */
    @Test
    void closingWithoutCopyingBackDeletesThePodAndItsSecret() throws Exception {
        StepsJob job = job();
        Transport.Session session = transport(Duration.ofSeconds(60)).open(job, new Cancellation());
        assertThat(mock.client.secrets().inNamespace(NS).list().getItems()).hasSize(1);
        session.close(false);
        assertThat(job.workingDirectory().resolve("doomed.txt")).exists();
        assertNothingLeft();
    }
}
