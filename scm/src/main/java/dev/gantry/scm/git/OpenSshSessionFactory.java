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
                Process process = new ProcessBuilder(argv).start();
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
}
