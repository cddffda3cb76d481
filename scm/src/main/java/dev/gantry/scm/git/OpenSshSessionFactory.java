package dev.gantry.scm.git;

import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ssh://} for the mirror through the machine's own OpenSSH client, so the server uses the keys, agent,
 * {@code known_hosts} and {@code ~/.ssh/config} its user already has (no second SSH stack to configure). Runs
 * {@code ssh -o BatchMode=yes [-p PORT] [USER@]HOST 'git-upload-pack ...'}: never prompts; a host not in
 * {@code known_hosts} is refused by ssh with its own message. {@link MirrorSettings#sshProgram()} may name another
 * program taking the same arguments.
 */
final class OpenSshSessionFactory extends SshSessionFactory {
    private final String program;

    OpenSshSessionFactory(String program) {
        this.program = program;
    }

    @Override
    public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutMillis)
            throws TransportException {
        if (uri.getHost() == null) {
            throw new TransportException(uri, "an ssh URL needs a host");
        }
        return new RemoteSession() {
            private final List<Process> processes = new ArrayList<>();

            @Override
            public Process exec(String command, int timeout) throws IOException {
                List<String> argv = new ArrayList<>(List.of(program, "-o", "BatchMode=yes"));
                if (timeout > 0) {
                    argv.addAll(List.of("-o", "ConnectTimeout=" + timeout));
                }
                if (uri.getPort() > 0) {
                    argv.addAll(List.of("-p", String.valueOf(uri.getPort())));
                }
                argv.add((uri.getUser() == null ? "" : uri.getUser() + "@") + uri.getHost());
                argv.add(command);
                Process process = new PatientExit(new ProcessBuilder(argv).start());
                synchronized (processes) {
                    processes.add(process);
                }
                return process;
            }

            @Override
            public void disconnect() {
                synchronized (processes) {
                    processes.forEach(Process::destroy);
                    processes.clear();
                }
            }
        };
    }

    @Override
    public String getType() {
        return "openssh";
    }

    /**
     * The ssh process as JGit sees it, except that {@link #exitValue()} waits a little for an ssh that closed its
     * output but has not been reaped yet (JGit asks for the exit status as soon as the output ends; on a busy machine
     * the plain process answered "process hasn't exited" instead of ssh's own reason, e.g. "Permission denied").
     */
    private static final class PatientExit extends Process {
        private static final long EXIT_WAIT_SECONDS = 10;
        private final Process process;

        PatientExit(Process process) {
            this.process = process;
        }

        @Override
        public int exitValue() {
            try {
                process.waitFor(EXIT_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return process.exitValue();
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            return process.getOutputStream();
        }

        @Override
        public java.io.InputStream getInputStream() {
            return process.getInputStream();
        }

        @Override
        public java.io.InputStream getErrorStream() {
            return process.getErrorStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            return process.waitFor();
        }

        @Override
        public boolean waitFor(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
            return process.waitFor(timeout, unit);
        }

        @Override
        public void destroy() {
            process.destroy();
        }

        @Override
        public Process destroyForcibly() {
            return process.destroyForcibly();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public long pid() {
            return process.pid();
        }
    }
}
