package dev.gantry.runners.kubernetes;

import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.runners.kubernetes.KubernetesCluster.ClusterFailure;
import dev.gantry.runners.shell.ShellStart;
import dev.gantry.runners.image.ActionImages;
import dev.gantry.runners.image.ImageRequest;
import dev.gantry.runners.image.ImageSettings;
import dev.gantry.runners.transport.ShellQuoting;
import dev.gantry.runners.transport.Transport;
import dev.gantry.runners.transport.TransportException;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.dsl.ExecWatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Transport} of a {@code kubernetes} runner: each action is one pod ({@link ActionPod}). Opening a
 * session makes the pod and its secret, waits for it to run (failing with the cluster's reason when it cannot be
 * scheduled or started within {@code scheduleTimeout}), and sends the workspace into it ({@link PodFiles}); the
 * shell and the skeleton's scripts run over exec channels; closing copies the workspace back and deletes the pod
 * (grace period, then at once) and its secret.
 *
 * <p>The step environment reaches the shell through the pod's secret ({@code envFrom}): exec'd processes start with
 * the container's environment, so {@link Session#environment} adds nothing on top of it.
 */
public final class KubernetesTransport implements Transport {
    /** How many bytes a script's output may have (the outputs file is read this way). */
    static final int MAX_SCRIPT_OUTPUT = 64 << 20;
    /** How many bytes the step program written on the shell's stdin may have. */
    static final int MAX_PROGRAM = 256 << 20;

    private final String runner;
    private final Architecture architecture;
    private final KubernetesConfig config;
    private final ClusterConnection cluster;
    private final Semaphore pods;
    private final Duration killGrace;
    private final OwnerReference owner;
    private final ImageSettings images;
    private final String root;

    /**
     * @param runner       the runner's name (a pod label)
     * @param architecture the architecture its pods run on
     * @param config       the runner's {@code kubernetes:} section
     * @param cluster      the cluster, connected on first use (shared by the runner's architectures)
     * @param pods         permits for pods at once (the runner's capacity, shared by its architectures)
     * @param killGrace    how long processes get between SIGTERM and SIGKILL, and a deleted pod before it is
     *                     deleted at once
     * @param owner        Gantry's own pod, owner of every action pod, when it runs in the cluster; else
     *                     {@code null}
     * @param images       how an action's image is chosen (the same rules as on every other runner)
     */
    public KubernetesTransport(String runner, Architecture architecture, KubernetesConfig config,
                               ClusterConnection cluster, Semaphore pods, Duration killGrace,
                               OwnerReference owner, ImageSettings images) {
        this(runner, architecture, config, cluster, pods, killGrace, owner, images, ActionPod.WORKSPACE);
    }

    /**
     * As above, with the pod's workspace folder at {@code root} instead of {@value ActionPod#WORKSPACE} (tests,
     * where a local process stands in for the container).
     */
    KubernetesTransport(String runner, Architecture architecture, KubernetesConfig config, ClusterConnection cluster,
                        Semaphore pods, Duration killGrace, OwnerReference owner, ImageSettings images, String root) {
        this.root = root;
        this.images = images;
        this.runner = runner;
        this.architecture = architecture;
        this.config = config;
        this.cluster = cluster;
        this.pods = pods;
        this.killGrace = killGrace;
        this.owner = owner;
    }

    @Override
    public String kind() {
        return "kubernetes";
    }

    /**
     * What {@link #sweepLeftovers} did.
     *
     * @param deleted the pods it deleted
     * @param problem why the cluster could not be swept (unreachable, refused), or {@code null}
     */
    public record PodSweep(List<String> deleted, String problem) {
        public PodSweep {
            deleted = List.copyOf(deleted);
        }
    }

    /**
     * Deletes this runner's pods (and their secrets) of the runs {@code runIds}: those of a Gantry that died without
     * ending them. Never throws. (They would end by themselves at their {@code activeDeadlineSeconds}, the action's
     * timeout and ten minutes, still holding their nodes until then.)
     */
    public PodSweep sweepLeftovers(java.util.Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return new PodSweep(List.of(), null);
        }
        java.util.Set<String> labels = new java.util.HashSet<>();
        runIds.forEach(id -> labels.add(ActionPod.labelValue(id)));
        try {
            return new PodSweep(cluster.cluster().deleteRunPods(ActionPod.labelValue(runner), labels), null);
        } catch (KubernetesCluster.ClusterFailure e) {
            return new PodSweep(List.of(), e.getMessage());
        }
    }

    /** Closes the cluster connection (shared by the runner's architectures; closing twice is harmless). */
    @Override
    public void close() {
        cluster.close();
    }

    /**
     * Gantry's own pod from the downward API ({@code GANTRY_POD_NAME} and {@code GANTRY_POD_UID}), as the owner of
     * the pods it makes; {@code null} outside a cluster.
     */
    public static OwnerReference ownerFrom(Map<String, String> environment) {
        String name = environment.get("GANTRY_POD_NAME");
        String uid = environment.get("GANTRY_POD_UID");
        if (name == null || uid == null || name.isBlank() || uid.isBlank()) {
            return null;
        }
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod")
                .withName(name).withUid(uid).withBlockOwnerDeletion(false).withController(false).build();
    }

    /**
     * The image {@code action} runs in: the one it would run in on any runner ({@link ActionImages#requestFor}: its
     * {@code Configuration.Container}, a curated {@code CODECATALYST} name mapped to its image, the service's choice
     * under {@code --image service}), else (none, or {@code --host}) this runner's image for its architecture.
     */
    String image(Action action) {
        return ActionImages.requestFor(action, architecture.label(), images).map(ImageRequest::reference)
                .orElse(config.images().get(architecture));
    }

    /**
     * The fleet that sizes {@code action}'s pod: its {@code Compute.Fleet} (the executor hands runners the action
     * with the {@code Compute} that applies to it, its own or the workflow's), else the service's default size,
     * Large, on the runner's architecture.
     */
    String fleet(Action action) {
        if (action.compute() != null && action.compute().fleet() != null) {
            return action.compute().fleet();
        }
        return architecture == Architecture.ARM64 ? "Linux.Arm64.Large" : "Linux.x86-64.Large";
    }

    /** The action's {@code Timeout}, else the service's default for steps. */
    static Duration timeout(Action action) {
        return Duration.ofMinutes(action.timeoutMinutes() != null ? action.timeoutMinutes()
                : dev.gantry.engine.action.ActionIdentifier.STEPS_TIMEOUT_MINUTES);
    }

    @Override
    public Session open(StepsJob job, Cancellation cancellation) throws TransportException {
        try {
            while (!pods.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) {
                    throw new TransportException("cancelled while waiting for a free pod slot of runner " + runner);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for a free pod slot of runner " + runner);
        }
        PodSession session = null;
        boolean made = false;
        try {
            KubernetesCluster k = cluster.cluster();
            PodFiles files = new PodFiles((cmd, in, out) -> 0, root + "/fs");
            Map<String, String> environment = ShellStart.environmentFor(job, p -> files.there(Path.of(p)));
            ActionPod pod = ActionPod.of(config, new ActionPod.Request(runner, job.actionId(), architecture,
                    fleet(job.action()), image(job.action()), environment, owner, timeout(job.action()),
                    job.runId()));
            k.create(pod);
            made = true;
            session = new PodSession(k, pod.name(), job);
            PodState state = k.awaitRunning(pod.name(), config.scheduleTimeout(), cancellation);
            if (cancellation.isCancelled()) {
                throw new TransportException("cancelled while pod " + k.namespace() + "/" + pod.name()
                        + " was starting");
            }
            if (!(state instanceof PodState.Running)) {
                throw new TransportException(notRunning(k.namespace() + "/" + pod.name(), state));
            }
            Runnable abort = cancellation.onCancel(session::abortAll);
            try {
                List<Path> folders = ShellStart.folders(job).stream()
                        .filter(p -> !p.equals(job.scratchDirectory().toAbsolutePath().normalize())).toList();
                session.files.send(folders, List.of(job.scratchDirectory()));
            } finally {
                abort.run();
            }
            if (cancellation.isCancelled()) {
                throw new TransportException("cancelled while sending the workspace to pod " + k.namespace() + "/"
                        + pod.name());
            }
            PodSession opened = session;
            session = null;
            made = true;
            return opened;
        } catch (ClusterFailure e) {
            throw new TransportException("kubernetes runner " + runner + ": " + e.getMessage());
        } catch (IOException e) {
            throw new TransportException("kubernetes runner " + runner + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while pod of runner " + runner + " was starting");
        } finally {
            if (session != null) {
                session.remove(); // deletes the pod, frees the slot
            } else if (!made) {
                pods.release();
            }
        }
    }

    /**
     * How the step shell {@code command} is started over an exec channel, whose stdin cannot be closed alone: a
     * bash that merges stderr into stdout, reads the program's length (the first line {@link FramedInput} sends),
     * then runs {@code command} with exactly that many bytes as its stdin, after which it reads end of file.
     */
    static List<String> framed(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "exec 2>&1; IFS= read -r __n || exit 1; "
                + "exec \"$@\" < <(head -c \"$__n\")", "gantry-shell"));
        argv.addAll(command);
        return argv;
    }

    private String notRunning(String pod, PodState state) {
        String where = "pod " + pod + " (" + architecture.label() + ")";
        if (state instanceof PodState.Starting s) {
            return PodState.hopeless(s) ? where + " cannot start: " + s.reason()
                    : where + " did not start within " + human(config.scheduleTimeout()) + ": " + s.reason()
                    + " (raise kubernetes.scheduleTimeout in gantry.yaml if the cluster is only slow)";
        }
        return where + " ended before the first step: " + ((PodState.Ended) state).reason();
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? (s / 60) + " min" : s + " s";
    }

    /** One action's pod. */
    private final class PodSession implements Session {
        private final KubernetesCluster cluster;
        private final String pod;
        private final StepsJob job;
        private final PodFiles files;
        private final List<ExecWatch> open = new ArrayList<>();
        private boolean removed;
        private volatile String ended;

        PodSession(KubernetesCluster cluster, String pod, StepsJob job) {
            this.cluster = cluster;
            this.pod = pod;
            this.job = job;
            this.files = new PodFiles(this::exec, root + "/fs");
        }

        @Override
        public String pathOf(Path local) {
            return files.there(local);
        }

        /** Nothing on top of the container's environment, which the pod's secret gave it. */
        @Override
        public Map<String, String> environment(StepsJob job) {
            return Map.of();
        }

        @Override
        public ShellProcess start(List<String> command) throws IOException {
            ExecWatch watch = watch(framed(command), true, null);
            return new PodShell(watch, this);
        }

        @Override
        public byte[] run(String script, Duration limit) throws IOException {
            BoundedBuffer out = new BoundedBuffer(MAX_SCRIPT_OUTPUT);
            ExecWatch watch = watch(List.of("bash", "-c", script), false, out);
            try {
                exitOf(watch, limit);
            } finally {
                forget(watch);
            }
            if (out.overflowed()) {
                throw new IOException("a script in " + describe() + " printed more than " + (MAX_SCRIPT_OUTPUT >> 20)
                        + " MiB");
            }
            return out.toByteArray();
        }

        @Override
        public String startFailure(int exitCode) {
            return ended == null ? null : describe() + " ended before the first step";
        }

        /** Remembers how the pod ended, if it did by itself (evicted, OOM-killed), for {@link #describe}. */
        private void noteEnd() {
            try {
                if (cluster.state(pod) instanceof PodState.Ended e) {
                    ended = e.reason();
                }
            } catch (ClusterFailure ignored) {
                // the cluster cannot tell: the message stays generic
            }
        }

        /** {@code pod ns/name}, and how the pod ended when it ended by itself (evicted, OOM-killed). */
        @Override
        public String describe() {
            return "pod " + cluster.namespace() + "/" + pod + (ended == null ? "" : " (" + ended + ")");
        }

        @Override
        public void close(boolean copyBack) throws IOException {
            noteEnd();
            try {
                if (copyBack && ended == null) {
                    for (Path folder : ShellStart.folders(job)) {
                        if (!folder.equals(job.scratchDirectory().toAbsolutePath().normalize())) {
                            files.fetch(folder, job.workspace().live()
                                    && folder.equals(job.workspace().root().toAbsolutePath().normalize()));
                        }
                    }
                }
            } finally {
                remove();
            }
        }

        /** Deletes the pod and its secret (once) and frees the pod slot. */
        synchronized void remove() {
            if (!removed) {
                removed = true;
                abortAll();
                cluster.delete(pod, killGrace);
                pods.release();
            }
        }

        /** Drops every open exec channel (a long upload stops at once). */
        void abortAll() {
            List<ExecWatch> all;
            synchronized (open) {
                all = new ArrayList<>(open);
            }
            all.forEach(ExecWatch::close);
        }

        private int exec(List<String> command, InputStream stdin, OutputStream stdout) throws IOException {
            ExecWatch watch = watch(command, true, stdout);
            try {
                OutputStream in = watch.getInput();
                try {
                    stdin.transferTo(in);
                    in.flush();
                } catch (RuntimeException e) {
                    throw new IOException("the exec channel into " + describe() + " closed: " + e.getMessage(), e);
                }
                return exitOf(watch, null);
            } finally {
                forget(watch);
            }
        }

        private ExecWatch watch(List<String> command, boolean stdin, OutputStream out) throws IOException {
            try {
                ExecWatch w = cluster.exec(pod, command, stdin, out, out == null ? null
                        : OutputStream.nullOutputStream());
                synchronized (open) {
                    open.add(w);
                }
                return w;
            } catch (ClusterFailure e) {
                throw new IOException(e.getMessage());
            }
        }

        private void forget(ExecWatch w) {
            synchronized (open) {
                open.remove(w);
            }
            w.close();
        }
    }

    /**
     * The step shell running over an exec channel. When the channel is lost or the shell is killed (-1, or 128 and
     * more) and the pod has ended by itself (evicted, OOM-killed), {@link #waitFor} says -1, a lost connection, and
     * the session's description carries the pod's reason.
     */
    private static final class PodShell implements ShellProcess {
        private final ExecWatch watch;
        private final OutputStream stdin;
        private final PodSession session;

        PodShell(ExecWatch watch, PodSession session) {
            this.watch = watch;
            this.stdin = new FramedInput(watch.getInput());
            this.session = session;
        }

        @Override
        public OutputStream stdin() {
            return stdin;
        }

        @Override
        public InputStream output() {
            return watch.getOutput();
        }

        @Override
        public int waitFor() throws InterruptedException {
            int code;
            try {
                Integer c = watch.exitCode().get();
                code = c == null ? -1 : c;
            } catch (ExecutionException e) {
                code = -1;
            }
            if (code < 0 || code >= 128) {
                session.noteEnd();
                if (session.ended != null) {
                    return -1;
                }
            }
            return code;
        }

        @Override
        public void abort() {
            watch.close();
        }
    }

    /**
     * The shell's stdin: collects what is written, and on {@link #close} sends its length on a line, then the
     * bytes, so the pod's side ends the shell's input after exactly that many (the channel cannot close stdin).
     */
    static final class FramedInput extends OutputStream {
        private final OutputStream channel;
        private final BoundedBuffer buffer = new BoundedBuffer(MAX_PROGRAM);
        private boolean closed;

        FramedInput(OutputStream channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            buffer.write(b, off, len);
            if (buffer.overflowed()) {
                throw new IOException("the step program is larger than " + (MAX_PROGRAM >> 20) + " MiB");
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.write((buffer.size() + "\n").getBytes(StandardCharsets.US_ASCII));
                buffer.writeTo(channel);
                channel.flush();
            } catch (RuntimeException e) {
                throw new IOException("the exec channel is closed: " + e.getMessage(), e); // fabric8 throws unchecked
            }
        }
    }

    /** A byte buffer that keeps at most a limit and drops the rest, remembering that it did. */
    static final class BoundedBuffer extends ByteArrayOutputStream {
        private final int limit;
        private boolean overflowed;

        BoundedBuffer(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = (int) Math.max(0, Math.min(len, (long) limit - count));
            super.write(b, off, room);
            overflowed |= room < len;
        }

        synchronized boolean overflowed() {
            return overflowed;
        }
    }

    private static int exitOf(ExecWatch watch, Duration limit) throws IOException {
        try {
            Integer code = limit == null ? watch.exitCode().get()
                    : watch.exitCode().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return code == null ? -1 : code;
        } catch (TimeoutException e) {
            throw new IOException("a command in the pod did not finish within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
