package dev.gantry.scm.git;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link RepositoryMirror} fetches from and keeps its copy, and its bounds.
 *
 * @param url           the repository: a local path, {@code file://}, {@code ssh://} or {@code https://}
 * @param folder        the mirror's bare repository (created on first use)
 * @param branches      regular expressions (whole-name match) of the branches to keep; empty: every branch
 * @param fetchTimeout  the longest a fetch may take, connecting and transferring
 * @param maxFileBytes  the largest file read from a commit (workflow files); a larger one is refused with a reason
 * @param maxFiles      the most workflow files read from one commit
 * @param maxCheckoutBytes the most bytes a workspace made from a commit may hold
 * @param sshProgram    the OpenSSH-compatible client for {@code ssh://} URLs (default {@code ssh})
 */
public record MirrorSettings(String url, Path folder, List<String> branches, Duration fetchTimeout,
                             long maxFileBytes, int maxFiles, long maxCheckoutBytes, String sshProgram) {
    /** Defaults: every branch, 120 s fetches, 1 MiB workflow files, 500 of them, 8 GiB workspaces. */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(120);
    static final long DEFAULT_MAX_FILE_BYTES = 1 << 20;
    static final int DEFAULT_MAX_FILES = 500;
    static final long DEFAULT_MAX_CHECKOUT_BYTES = 8L << 30;

    public MirrorSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(folder, "folder");
        branches = List.copyOf(branches);
        Objects.requireNonNull(fetchTimeout, "fetchTimeout");
        Objects.requireNonNull(sshProgram, "sshProgram");
    }

    /** A mirror of {@code url} in {@code folder} with the default bounds, keeping every branch. */
    public static MirrorSettings of(String url, Path folder) {
        return new MirrorSettings(url, folder, List.of(), DEFAULT_FETCH_TIMEOUT, DEFAULT_MAX_FILE_BYTES,
                DEFAULT_MAX_FILES, DEFAULT_MAX_CHECKOUT_BYTES, "ssh");
    }

    /** The same with only these branches kept. */
    public MirrorSettings withBranches(List<String> patterns) {
        return new MirrorSettings(url, folder, patterns, fetchTimeout, maxFileBytes, maxFiles, maxCheckoutBytes, sshProgram);
    }

    /** The same with another fetch time limit. */
    public MirrorSettings withFetchTimeout(Duration timeout) {
        return new MirrorSettings(url, folder, branches, timeout, maxFileBytes, maxFiles, maxCheckoutBytes, sshProgram);
    }

    /** The same with another ssh client (a program taking OpenSSH's arguments). */
    public MirrorSettings withSshProgram(String program) {
        return new MirrorSettings(url, folder, branches, fetchTimeout, maxFileBytes, maxFiles, maxCheckoutBytes,
                program);
    }

    /** The same with other size limits. */
    public MirrorSettings withLimits(long fileBytes, int files, long checkoutBytes) {
        return new MirrorSettings(url, folder, branches, fetchTimeout, fileBytes, files, checkoutBytes, sshProgram);
    }
}
