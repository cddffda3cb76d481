package dev.gantry.runners.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * Where an ssh runner logs in.
 *
 * @param host          host name or address
 * @param port          the SSH port
 * @param user          the login
 * @param identityFiles private keys to offer (unencrypted OpenSSH or PEM files), in order
 * @param knownHosts    the {@code known_hosts} file that must hold the host's key (unknown or changed keys are
 *                      refused)
 */
public record SshTarget(String host, int port, String user, List<Path> identityFiles, Path knownHosts) {
    public SshTarget {
        identityFiles = List.copyOf(identityFiles);
    }

    /** {@code user@host:port}. */
    public String describe() {
        return user + "@" + host + (port == 22 ? "" : ":" + port);
    }

    /** The host as {@code known_hosts} and {@code ssh-keyscan} name it: {@code host} or {@code [host]:port}. */
    public String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
