package dev.gantry.runners.ssh;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.RunnerLabels;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.shell.BashDriver;
import dev.gantry.runners.shell.ShellStart;
import dev.gantry.runners.transport.ShellQuoting;
import dev.gantry.runners.transport.Transport;
import dev.gantry.runners.transport.TransportException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The shell runs on another host over SSH (Apache MINA SSHD as the client; public-key login; the host's key must be
 * in {@code known_hosts}). For each action, on a connection of its own:
 * <ol>
 *   <li>a private folder is made there ({@code /tmp/gantry.<random>}, mode 700);</li>
 *   <li>the workspace (root, input folders, working directory) and the (empty) scratch folder are sent as a tar
 *       stream over the connection, each local path {@code P} landing at {@code <folder>/fs/P}; path variables
 *       ({@code CATALYST_*_DIR}) are rewritten to the remote paths;</li>
 *   <li>the shell runs on an exec channel whose stdin carries the step program (environment included: never on a
 *       command line or in a file there); stdout and stderr stream back merged;</li>
 *   <li>processes are ended and the output variables read through more exec channels;</li>
 *   <li>the workspace folders are copied back (files the steps deleted there are deleted here), and the remote
 *       folder is removed.</li>
 * </ol>
 * The host needs bash, GNU tar, find and grep. Its architecture is read with {@code uname -m} ({@link #probe}); a
 * configured architecture must agree with it.
 */
public final class SshTransport implements Transport {
    private final String name;
    private final Architecture declared;
    private final Set<String> fleets;
    private final Set<String> tags;
    private final SshTarget target;
    private final Duration timeout;
    private final Map<ClientSession, String> unknownHostKeys = new ConcurrentHashMap<>();
    private SshClient client;
    private volatile Architecture detected;

    /**
     * @param name      shown in plans and summaries
     * @param declared  the configured architecture, or {@code null} to take it from the host
     * @param fleets    the fleets it lists
     * @param tags      free-form tags
     * @param target    where to log in
     * @param timeout   how long connecting, logging in and opening a channel may take
     */
    public SshTransport(String name, Architecture declared, Set<String> fleets, Set<String> tags, SshTarget target,
                        Duration timeout) {
        this.name = name;
        this.declared = declared;
        this.fleets = Set.copyOf(fleets);
        this.tags = Set.copyOf(tags);
        this.target = target;
        this.timeout = timeout;
    }

    @Override
    public String kind() {
        return "ssh";
    }

    /** Its labels; the architecture is {@code unknown} until {@link #probe} has read it when none is configured. */
    public RunnerLabels labels() {
        Architecture a = declared != null ? declared : detected;
        return new RunnerLabels(a == null ? "unknown" : a.label(), fleets, tags);
    }

    /** Where it logs in. */
    public SshTarget target() {
        return target;
    }

    // ---- probing ----

    /**
     * What the host is, read over a fresh connection.
     *
     * @param connected    whether the connection and login worked
     * @param uname        {@code uname -m}, when connected
     * @param architecture the architecture it names, when known
     * @param missing      commands the runner needs that the host lacks
     * @param problem      why it could not connect, else {@code null}
     */
    public record Probe(boolean connected, String uname, Architecture architecture, List<String> missing,
                        String problem) {
        public Probe {
            missing = List.copyOf(missing);
        }
    }

    /** Connects, logs in and reads the host's architecture and what it lacks; remembers the architecture. */
    public Probe probe() {
        try (ClientSession s = connect()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String script = "uname -m; for c in bash tar find grep; do command -v \"$c\" >/dev/null 2>&1 "
                    + "|| echo \"missing $c\"; done";
            exec(s, script, null, out, new ByteArrayOutputStream());
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            String uname = lines.isEmpty() ? "" : lines.get(0).strip();
            List<String> missing = lines.stream().filter(l -> l.startsWith("missing ")).map(l -> l.substring(8))
                    .toList();
            Architecture arch = Architecture.parse(uname).orElse(null);
            if (arch != null) {
                detected = arch;
            }
            return new Probe(true, uname, arch, missing, null);
        } catch (SshFailure e) {
            return new Probe(false, null, null, List.of(), e.getMessage());
        } catch (IOException e) {
            return new Probe(false, null, null, List.of(), "lost the connection to " + target.describe() + ": "
                    + e.getMessage());
        }
    }

    // ---- after a crash ----

    /**
     * What {@link #sweepLeftovers} did on the host.
     *
     * @param killed     the pids of the processes it killed
     * @param containers the ids of the containers it removed from the host's Docker engine (actions in an image)
     * @param removed    the action folders ({@code /tmp/gantry.*}) it removed
     * @param problem    why the host could not be swept (unreachable, refused), or {@code null}
     */
    public record LeftoverSweep(List<Long> killed, List<String> containers, List<String> removed, String problem) {
        public LeftoverSweep {
            killed = List.copyOf(killed);
            containers = List.copyOf(containers);
            removed = List.copyOf(removed);
        }

        static LeftoverSweep failed(String problem) {
            return new LeftoverSweep(List.of(), List.of(), List.of(), problem);
        }
    }

    /**
     * Ends what the actions of a Gantry that died without ending them (a {@code kill -9}) left on the host: every
     * action folder {@code /tmp/gantry.*} holding one of {@code localFolders} (the workspaces of the dead runs, as
     * {@link #open} sends them, at {@code <folder>/fs/<local path>}) is removed, after every process working in it or
     * told about it in its environment is killed ({@code SIGKILL}, twice over, for processes forked meanwhile), and
     * every Gantry container on the host's Docker engine that mounts the folder is removed (an action in its image
     * runs there, and the engine, not the ssh session, is its parent). Other action folders (of live runs, of other
     * Gantrys) are left alone.
     */
    public LeftoverSweep sweepLeftovers(List<Path> localFolders) {
        if (localFolders.isEmpty()) {
            return new LeftoverSweep(List.of(), List.of(), List.of(), null);
        }
        StringBuilder folders = new StringBuilder();
        for (Path f : localFolders) {
            folders.append(' ').append(ShellQuoting.quote(f.toAbsolutePath().normalize().toString()));
        }
        String script = "self=$$\n"
                + "for base in /tmp/gantry.*; do\n"
                + "  [ -d \"$base/fs\" ] || continue\n"
                + "  ours=\n"
                + "  for f in" + folders + "; do [ -e \"$base/fs$f\" ] && ours=1 && break; done\n"
                + "  [ -n \"$ours\" ] || continue\n"
                + "  if command -v docker >/dev/null 2>&1; then\n"
                + "    for c in $(docker ps -aq --filter label=dev.gantry.runner 2>/dev/null); do\n"
                + "      docker inspect --format '{{range .Mounts}}{{.Source}}{{\"\\n\"}}{{end}}' \"$c\" 2>/dev/null "
                + "| grep -qF -- \"$base/\" && docker rm --force \"$c\" >/dev/null 2>&1 && echo \"container $c\"\n"
                + "    done\n"
                + "  fi\n"
                + "  for pass in 1 2; do\n"
                + "    for p in /proc/[0-9]*; do\n"
                + "      pid=${p#/proc/}\n"
                + "      [ \"$pid\" = \"$self\" ] && continue\n"
                + "      cwd=$(readlink \"$p/cwd\" 2>/dev/null)\n"
                + "      if [ \"$cwd\" = \"$base\" ] || [ \"${cwd#\"$base\"/}\" != \"$cwd\" ] "
                + "|| grep -qsF -- \"$base/\" \"$p/environ\"; then\n"
                + "        kill -9 \"$pid\" 2>/dev/null && echo \"killed $pid\"\n"
                + "      fi\n"
                + "    done\n"
                + "  done\n"
                + "  rm -rf -- \"$base\" && echo \"removed $base\"\n"
                + "done\n";
        try (ClientSession s = connect()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            exec(s, "bash -c " + ShellQuoting.quote(script), null, out, OutputStream.nullOutputStream());
            List<Long> killed = new ArrayList<>();
            List<String> containers = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
                if (line.matches("killed [0-9]{1,10}")) {
                    killed.add(Long.parseLong(line.substring(7)));
                } else if (line.matches("container [0-9a-f]{1,64}")) {
                    containers.add(line.substring(10));
                } else if (line.startsWith("removed /tmp/gantry.")) {
                    removed.add(line.substring(8));
                }
            }
            return new LeftoverSweep(killed, containers, removed, null);
        } catch (SshFailure e) {
            return LeftoverSweep.failed(e.getMessage());
        } catch (IOException e) {
            return LeftoverSweep.failed("lost the connection to " + target.describe() + ": " + e.getMessage());
        }
    }

    /**
     * The host's Docker engine (its {@code docker} client, {@code docker version}), asked over a fresh connection;
     * never throws.
     */
    public DockerEngine dockerEngine() {
        try (ClientSession s = connect()) {
            return DockerCli.elsewhere((script, limit) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                exec(s, script, null, out, OutputStream.nullOutputStream());
                return out.toByteArray();
            }, timeout).probe(null);
        } catch (SshFailure e) {
            return DockerEngine.unreachable(null, e.getMessage());
        } catch (IOException e) {
            return DockerEngine.unreachable(null, "lost the connection to " + target.describe() + ": "
                    + e.getMessage());
        }
    }

    // ---- running ----

    @Override
    public Session open(StepsJob job, Cancellation cancellation) throws TransportException {
        ClientSession session;
        try {
            session = connect();
        } catch (SshFailure e) {
            throw new TransportException(e.getMessage());
        }
        String base = "/tmp/gantry." + BashDriver.newNonce() + BashDriver.newNonce();
        Path scratch = job.scratchDirectory().toAbsolutePath().normalize();
        List<Path> folders = ShellStart.folders(job).stream().filter(p -> !p.equals(scratch)).toList();
        Runnable abortSend = cancellation.onCancel(() -> session.close(true)); // a long upload stops at once
        try {
            send(session, base, folders, scratch);
        } catch (SshFailure | IOException e) {
            removeQuietly(session, base);
            session.close(true);
            throw new TransportException(e instanceof SshFailure ? e.getMessage() : "ssh runner " + name + " ("
                    + target.describe() + "): " + e.getMessage());
        } finally {
            abortSend.run();
        }
        return new RemoteSession(session, base, folders, job.workspace().live());
    }

    /** One action's folder on the host, over one connection. */
    private final class RemoteSession implements Session {
        private final ClientSession session;
        private final String base;
        private final List<Path> folders;
        private final boolean live;

        RemoteSession(ClientSession session, String base, List<Path> folders, boolean live) {
            this.session = session;
            this.base = base;
            this.folders = folders;
            this.live = live;
        }

        @Override
        public String pathOf(Path local) {
            return remote(base, local.toAbsolutePath().normalize());
        }

        @Override
        public ShellProcess start(List<String> command) throws IOException {
            ChannelExec ch = session.createExecChannel("exec " + ShellQuoting.commandLine(command));
            ch.setRedirectErrorStream(true);
            ch.open().verify(timeout);
            return new ShellProcess() {
                @Override
                public OutputStream stdin() {
                    return ch.getInvertedIn();
                }

                @Override
                public InputStream output() {
                    return ch.getInvertedOut();
                }

                @Override
                public int waitFor() {
                    ch.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.EXIT_SIGNAL,
                            ClientChannelEvent.CLOSED), 0L);
                    return exitStatus(ch);
                }

                @Override
                public void abort() {
                    ch.close(true);
                }
            };
        }

        @Override
        public byte[] run(String script, Duration limit) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            exec(session, script, null, out, OutputStream.nullOutputStream());
            return out.toByteArray();
        }

        @Override
        public String describe() {
            return target.describe();
        }

        @Override
        public void close(boolean copyBack) throws IOException {
            boolean removed = false;
            try {
                if (copyBack && session.isOpen()) {
                    for (int i = 0; i < folders.size(); i++) {
                        boolean last = i == folders.size() - 1;
                        fetch(session, base, folders.get(i), live, last);
                        removed = last;
                    }
                }
            } catch (SshFailure e) {
                throw new IOException(e.getMessage());
            } finally {
                if (!removed) {
                    removeQuietly(session, base);
                }
                session.close(true);
            }
        }
    }

    private void removeQuietly(ClientSession s, String base) {
        if (!s.isOpen()) {
            return; // the connection is gone; the folder stays in the host's /tmp
        }
        try {
            exec(s, "rm -rf " + ShellQuoting.quote(base), null, OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the connection is gone; the folder stays in the host's /tmp
        }
    }

    /** {@code local} as the host sees it: under {@code <base>/fs}. */
    static String remote(String base, Path local) {
        return base + "/fs" + local;
    }

    /**
     * Makes the private folder {@code base} on the host (mode 700; {@code mkdir} fails rather than reuse anything
     * there) and sends {@code folders} and the scratch folder into {@code <base>/fs}, as two tar archives in one
     * stream; a {@code .gantry} folder at the top of a sent folder stays here (a live repository's run records,
     * which hold other actions' scratch folders).
     */
    private void send(ClientSession s, String base, List<Path> folders, Path scratch) throws IOException, SshFailure {
        List<String> workspace = new ArrayList<>(List.of("tar", "-C", "/", "-cf", "-", "--anchored"));
        for (Path f : folders) {
            workspace.add("--exclude=" + relative(f.resolve(".gantry")));
        }
        workspace.add("--");
        folders.forEach(f -> workspace.add(relative(f)));
        Process tar1 = localTar(workspace);
        Process tar2 = localTar(List.of("tar", "-C", "/", "-cf", "-", "--", relative(scratch)));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        String fs = ShellQuoting.quote(base + "/fs");
        try (InputStream in = new SequenceInputStream(tar1.getInputStream(), tar2.getInputStream())) {
            rc = exec(s, "umask 077 && mkdir " + ShellQuoting.quote(base) + " && mkdir " + fs + " && tar -C " + fs
                    + " -xif - --no-same-owner", in, OutputStream.nullOutputStream(), err);
        }
        int local = Math.max(waitFor(tar1), waitFor(tar2));
        if (rc != 0 || local != 0) {
            throw new SshFailure("could not send the workspace to " + target.describe() + " (tar exited with "
                    + (local != 0 ? local + " here" : rc + " there") + "): " + err.toString(StandardCharsets.UTF_8)
                    .strip());
        }
    }

    private static Process localTar(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /**
     * Copies {@code folder} back from the host in one round trip (the host sends the NUL-separated list of its
     * files, its length first, then a tar stream): extracts the stream over the local folder, then deletes the
     * local files the host no longer has (a live folder's {@code .gantry} excepted). With {@code removeAfter}, the
     * host removes {@code base} once the stream is sent.
     */
    private void fetch(ClientSession s, String base, Path folder, boolean live, boolean removeAfter)
            throws IOException, SshFailure {
        String dir = ShellQuoting.quote(remote(base, folder));
        String list = ShellQuoting.quote(base + "/list");
        String command = "cd " + dir + " && find . -mindepth 1 -print0 > " + list + " && wc -c < " + list
                + " && cat " + list + " && tar -cf - ." + (removeAfter ? "; rc=$?; rm -rf " + ShellQuoting.quote(base)
                + "; exit $rc" : "");
        Files.createDirectories(folder);
        Process tar = new ProcessBuilder("tar", "-C", folder.toString(), "-xf", "-", "--no-same-owner")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        ListingThenTar sink = new ListingThenTar(tar.getOutputStream());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (sink) {
            rc = exec(s, command, null, sink, err);
        }
        int local = waitFor(tar);
        if (rc != 0 || local != 0 || !sink.complete()) {
            throw new SshFailure("could not copy the workspace back from " + target.describe() + " (exit "
                    + (local != 0 ? local + " here" : rc + " there") + "): " + err.toString(StandardCharsets.UTF_8)
                    .strip());
        }
        Set<String> there = sink.names();
        List<Path> gone = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> !p.equals(folder)).forEach(p -> {
                String rel = folder.relativize(p).toString();
                if (live && (rel.equals(".gantry") || rel.startsWith(".gantry/"))) {
                    return;
                }
                if (!there.contains(rel)) {
                    gone.add(p);
                }
            });
        }
        gone.sort((a, b) -> b.getNameCount() - a.getNameCount());
        for (Path p : gone) {
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                FolderTrees.deleteTree(p);
            } else {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Splits what {@link #fetch}'s command prints: a decimal length and a newline, that many bytes of
     * NUL-separated names, then the tar stream, which goes on to {@code tar}.
     */
    private static final class ListingThenTar extends OutputStream {
        private final OutputStream tar;
        private final ByteArrayOutputStream header = new ByteArrayOutputStream();
        private final ByteArrayOutputStream listing = new ByteArrayOutputStream();
        private long listingLength = -1;

        ListingThenTar(OutputStream tar) {
            this.tar = tar;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            int i = off;
            int end = off + len;
            while (i < end && listingLength < 0) {
                byte c = b[i++];
                if (c == '\n') {
                    listingLength = Long.parseLong(header.toString(StandardCharsets.US_ASCII).strip());
                } else {
                    header.write(c);
                }
            }
            if (i < end && listing.size() < listingLength) {
                int n = (int) Math.min(end - i, listingLength - listing.size());
                listing.write(b, i, n);
                i += n;
            }
            if (i < end) {
                tar.write(b, i, end - i);
            }
        }

        boolean complete() {
            return listingLength >= 0 && listing.size() == listingLength;
        }

        Set<String> names() {
            Set<String> names = new HashSet<>();
            for (String entry : listing.toString(StandardCharsets.UTF_8).split("\0")) {
                if (!entry.isEmpty()) {
                    names.add(entry.startsWith("./") ? entry.substring(2) : entry);
                }
            }
            return names;
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }

    // ---- SSH plumbing ----

    private synchronized SshClient client() {
        if (client == null) {
            SshClient c = SshClient.setUpDefaultClient();
            c.setServerKeyVerifier(new KnownHostsServerKeyVerifier((session, address, key) -> {
                unknownHostKeys.put(session, KeyUtils.getFingerPrint(key));
                return false;
            }, target.knownHosts()));
            c.setKeyIdentityProvider(new FileKeyPairProvider(target.identityFiles()));
            c.start();
            client = c;
        }
        return client;
    }

    private ClientSession connect() throws SshFailure {
        for (Path key : target.identityFiles()) {
            if (!Files.isReadable(key)) {
                throw new SshFailure("cannot read the identity file " + key + " of ssh runner " + name);
            }
        }
        if (target.identityFiles().isEmpty()) {
            throw new SshFailure("ssh runner " + name + " has no identity file: set identityFile, or create "
                    + "~/.ssh/id_ed25519 (ssh-keygen -t ed25519)");
        }
        ClientSession session = null;
        try {
            session = client().connect(target.user(), target.host(), target.port()).verify(timeout).getSession();
            session.auth().verify(timeout);
            unknownHostKeys.remove(session);
            return session;
        } catch (IOException | RuntimeException e) {
            String unknown = session == null ? null : unknownHostKeys.remove(session);
            if (session != null) {
                session.close(true);
            }
            throw new SshFailure(explain(e, unknown));
        }
    }

    private String explain(Exception e, String unknownKey) {
        String who = "ssh runner " + name + " (" + target.describe() + ")";
        if (unknownKey != null) {
            return who + ": the host's key (" + unknownKey + ") is not in " + target.knownHosts() + "; check the "
                    + "fingerprint, then add it: ssh-keyscan -p " + target.port() + " " + target.host() + " >> "
                    + target.knownHosts();
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("Server key did not validate")) {
            return who + ": the host's key does not match the one in " + target.knownHosts()
                    + " (it changed, or this is not the expected host); refusing to connect";
        }
        if (m.toLowerCase(Locale.ROOT).contains("no more authentication methods")
                || m.toLowerCase(Locale.ROOT).contains("auth")) {
            return who + ": the host refused the login of " + target.user() + " with "
                    + target.identityFiles().stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("")
                    + " (is its public key in the user's ~/.ssh/authorized_keys? an encrypted key needs to be "
                    + "unencrypted for Gantry)";
        }
        return who + ": cannot connect: " + m;
    }

    /**
     * Runs {@code command} on the host: sends {@code in} (or nothing) as its stdin, then end of file; copies its
     * stdout and stderr; returns its exit status (128+N for signal N, -1 when the connection closed first).
     */
    private int exec(ClientSession s, String command, InputStream in, OutputStream out, OutputStream err)
            throws IOException {
        try (ChannelExec ch = s.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(timeout);
            try (OutputStream stdin = ch.getInvertedIn()) {
                if (in != null) {
                    in.transferTo(stdin);
                }
            }
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0L);
            return exitStatus(ch);
        }
    }

    /** A closed channel's exit status: 128+N for signal N, -1 when the connection closed first. */
    private static int exitStatus(ChannelExec ch) {
        Integer status = ch.getExitStatus();
        if (status != null) {
            return status;
        }
        String signal = ch.getExitSignal();
        return signal == null ? -1 : 128 + signalNumber(signal);
    }

    private static int signalNumber(String name) {
        return switch (name) {
            case "HUP" -> 1;
            case "INT" -> 2;
            case "QUIT" -> 3;
            case "KILL" -> 9;
            case "SEGV" -> 11;
            case "PIPE" -> 13;
            case "ALRM" -> 14;
            default -> 15;
        };
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted");
        }
    }

    private static String relative(Path absolute) {
        String s = absolute.toString();
        return s.startsWith("/") ? s.substring(1) : s;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.stop();
            client = null;
        }
    }

    /** A failure people can act on; its message says what and how. */
    static final class SshFailure extends Exception {
        private static final long serialVersionUID = 1L;

        SshFailure(String message) {
            super(message);
        }
    }
}
