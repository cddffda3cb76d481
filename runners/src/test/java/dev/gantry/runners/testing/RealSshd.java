package dev.gantry.runners.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server (Debian's {@code openssh-server}) for tests tagged {@code sshd}: started on a free
 * loopback port with a host key and a client key it generates in a folder of its own, a {@code known_hosts} file
 * holding the host key, and the client key as the only authorized key. Installs the package when it is missing
 * and this is root; only when that is impossible does the test skip, saying so loudly on stderr.
 */
public final class RealSshd implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    /** The port it listens on (127.0.0.1). */
    public final int port;
    /** The client's private key (ed25519, unencrypted). */
    public final Path clientKey;
    /** A {@code known_hosts} file with the server's key. */
    public final Path knownHosts;
    /** The user to log in as (the one running the tests). */
    public final String user = System.getProperty("user.name");

    private RealSshd(Process process, int port, Path clientKey, Path knownHosts) {
        this.process = process;
        this.port = port;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
    }

    /** Starts one in {@code dir}; skips the test (loudly) when no OpenSSH server can be had. */
    public static RealSshd startOrSkip(Path dir) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            install();
        }
        if (!Files.isExecutable(SSHD)) {
            String msg = "SKIPPED: no OpenSSH server (" + SSHD + ") and it could not be installed "
                    + "(apt-get install openssh-server needs root and Debian's archive). The ssh runner was NOT tested.";
            System.err.println("\n********** " + msg + " **********\n");
            Assumptions.abort(msg);
        }
        Files.createDirectories(Path.of("/run/sshd")); // privilege separation folder
        sh("ssh-keygen -q -t ed25519 -N '' -C gantry-test-host -f " + dir.resolve("host_key"));
        sh("ssh-keygen -q -t ed25519 -N '' -C gantry-test-client -f " + dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
                + Files.readString(dir.resolve("host_key.pub")).strip() + "\n");
        Files.writeString(dir.resolve("sshd_config"), String.join("\n", List.of(
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                "PidFile none",
                "LogLevel ERROR",
                "MaxSessions 20",
                "")));
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
                "-p", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(50);
            }
        }
        return new RealSshd(p, port, dir.resolve("client_key"), dir.resolve("known_hosts"));
    }

    private static void install() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return;
        }
        try {
            Process p = new ProcessBuilder("bash", "-c", "export DEBIAN_FRONTEND=noninteractive; "
                    + "apt-get install -y -qq openssh-server || { apt-get update -qq && apt-get install -y -qq "
                    + "openssh-server; }").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor(10, TimeUnit.MINUTES);
        } catch (IOException e) {
            // reported by the caller as a skip
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command + ": " + out);
        }
    }

    /** Stops {@code sshd} when it started (its folder is the caller's {@code @TempDir}). */
    public static void stop(RealSshd sshd) {
        if (sshd != null) {
            sshd.close();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
