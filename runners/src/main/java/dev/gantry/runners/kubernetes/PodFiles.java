package dev.gantry.runners.kubernetes;

import dev.gantry.engine.files.FolderTrees;
import dev.gantry.runners.transport.ShellQuoting;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a workspace into a pod and back without a shared volume, as tar streams over exec channels ({@link Exec}
 * is the channel: the pod's in production, a local process in tests).
 * <ul>
 *   <li>{@link #send}: the local folders (each local path {@code P} lands at {@code <root>P} there) are archived
 *       here into a temporary file, whose size the pod's side is told ({@code head -c SIZE | tar -x}), so the
 *       channel's stdin never needs to be closed: Kubernetes' exec protocol (v4) cannot close stdin alone. A
 *       {@code .gantry} folder at the top of a sent folder stays here (a live repository's run records).</li>
 *   <li>{@link #fetch}: the pod sends one folder as a tar stream; it is unpacked into a fresh folder beside the
 *       local one, which is then made identical to it (files the steps deleted there are deleted here; a live
 *       folder's {@code .gantry} is kept), so a broken stream leaves the local folder as it was.</li>
 * </ul>
 */
public final class PodFiles {
    private final Exec exec;
    private final String root;

    /**
     * @param exec how to run a command there
     * @param root the folder there that stands for {@code /} here
     */
    public PodFiles(Exec exec, String root) {
        this.exec = exec;
        this.root = root;
    }

    /** Runs a command there with a given stdin and stdout; returns its exit status (-1: the channel was lost). */
    @FunctionalInterface
    public interface Exec {
        int run(List<String> command, InputStream stdin, OutputStream stdout) throws IOException;
    }

    /** Where local {@code path} is there. */
    public String there(Path path) {
        return root + path.toAbsolutePath().normalize();
    }

    /** Sends {@code folders} there, and makes the (empty, private) folders {@code empty} there. */
    public void send(List<Path> folders, List<Path> empty) throws IOException {
        Path archive = Files.createTempFile("gantry-pod-", ".tar");
        try {
            List<String> tar = new ArrayList<>(List.of("tar", "-C", "/", "-cf", archive.toString(), "--anchored"));
            for (Path f : folders) {
                tar.add("--exclude=" + relative(f.resolve(".gantry")));
            }
            tar.add("--");
            folders.forEach(f -> tar.add(relative(f)));
            Process p = new ProcessBuilder(tar).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String err = new String(p.getInputStream().readAllBytes());
            if (waitFor(p) != 0) {
                throw new IOException("could not archive the workspace here (tar): " + err.strip());
            }
            StringBuilder script = new StringBuilder("umask 077 && mkdir -p " + ShellQuoting.quote(root));
            for (Path e : empty) {
                script.append(" ").append(ShellQuoting.quote(there(e)));
            }
            script.append(" && head -c ").append(Files.size(archive)).append(" | tar -C ").append(ShellQuoting.quote(root))
                    .append(" -xf - --no-same-owner");
            int rc;
            try (InputStream in = Files.newInputStream(archive)) {
                rc = exec.run(List.of("bash", "-c", script.toString()), in, OutputStream.nullOutputStream());
            }
            if (rc != 0) {
                throw new IOException("could not unpack the workspace in the pod (exit " + rc + "; the image needs "
                        + "bash, head and tar)");
            }
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /** Copies {@code folder} back from there (see the class comment); {@code live}: keep its {@code .gantry}. */
    public void fetch(Path folder, boolean live) throws IOException {
        Path local = folder.toAbsolutePath().normalize();
        Files.createDirectories(local);
        Path incoming = Files.createTempDirectory(local.getParent(), ".gantry-fetch-");
        try {
            Process tar = new ProcessBuilder("tar", "-C", incoming.toString(), "-xf", "-", "--no-same-owner")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            int rc;
            try (OutputStream toTar = tar.getOutputStream()) {
                rc = exec.run(List.of("bash", "-c", "cd " + ShellQuoting.quote(there(local)) + " && tar -cf - ."),
                        InputStream.nullInputStream(), toTar);
            }
            int here = waitFor(tar);
            if (rc != 0 || here != 0) {
                throw new IOException("could not copy " + local + " back from the pod (exit " + (rc != 0 ? rc
                        + " there" : here + " here") + ")");
            }
            mirror(incoming, local, live);
        } finally {
            FolderTrees.deleteQuietly(incoming);
        }
    }

    /** Makes {@code to} hold exactly what {@code from} holds, moving files (a live folder's .gantry is kept). */
    static void mirror(Path from, Path to, boolean live) throws IOException {
        try (DirectoryStream<Path> there = Files.newDirectoryStream(to)) {
            for (Path p : there) {
                String name = p.getFileName().toString();
                if (live && name.equals(".gantry")) {
                    continue;
                }
                Path counterpart = from.resolve(name);
                boolean bothFolders = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && Files.isDirectory(counterpart, LinkOption.NOFOLLOW_LINKS);
                if (!bothFolders) {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        FolderTrees.deleteTree(p);
                    } else {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        try (DirectoryStream<Path> incoming = Files.newDirectoryStream(from)) {
            for (Path p : incoming) {
                Path target = to.resolve(p.getFileName().toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(target,
                        LinkOption.NOFOLLOW_LINKS)) {
                    mirror(p, target, false);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
                } else {
                    try {
                        Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (FileAlreadyExistsException e) {
                        Files.move(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /** The exit status of a local tar (it always ends: it reads a file or a finite stream). */
    private static int waitFor(Process p) {
        return p.onExit().join().exitValue();
    }

    /** {@code /a/b} as {@code a/b}, for {@code tar -C /}. */
    private static String relative(Path absolute) {
        return Path.of("/").relativize(absolute.toAbsolutePath().normalize()).toString();
    }
}
