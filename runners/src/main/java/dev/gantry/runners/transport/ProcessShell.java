package dev.gantry.runners.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link Transport.ShellProcess} that is a process on this machine (bash itself, or the {@code docker} client
 * attached to the container's shell); {@link #abort} kills that process.
 */
public record ProcessShell(Process process) implements Transport.ShellProcess {
    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream output() {
        return process.getInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void abort() {
        process.destroyForcibly();
    }

    /** A file on this machine, for transports whose shell sees the local folders: empty when it does not exist. */
    public static byte[] readHere(String path) throws java.io.IOException {
        Path file = Path.of(path);
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }
}
