package dev.gantry.runners.kubernetes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the kubernetes runner sends over exec channels, with a local bash process standing in for the channel (no
 * pod can run here, and the mock API server cannot run a shell): the framed stdin that ends the shell's input
 * although the channel's stdin stays open, and the workspace sent as tar streams and copied back.
 */
class PodProtocolTest {
    @TempDir
    Path dir;

    /** A local process as the exec channel: stdin is written and never closed, as over a real channel. */
    private static PodFiles.Exec local() {
        return (command, stdin, stdout) -> {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread pump = new Thread(() -> {
                try {
                    stdin.transferTo(p.getOutputStream());
                    p.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            pump.start();
            p.getInputStream().transferTo(stdout);
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return -1;
                }
                return p.exitValue();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        };
    }

    @Test
    void theShellReadsEndOfFileAfterTheProgramThoughTheChannelStaysOpen() throws Exception {
        Process p = new ProcessBuilder(KubernetesTransport.framed(
                List.of("bash", "-c", "cat; echo \"end of input after: $?\"")))
                .redirectErrorStream(true).start();
        OutputStream channel = p.getOutputStream(); // never closed: the exec protocol cannot close stdin alone
        try (OutputStream stdin = new KubernetesTransport.FramedInput(channel)) {
            stdin.write("first line\nsecond line, no newline".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the shell ended without its stdin being closed").isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("first line\nsecond line, no newline" + "end of input after: 0\n");
        channel.close();
    }

    @Test
    void theWorkspaceGoesThereAndComesBackWithTheStepsChanges() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws/src"));
        Files.writeString(ws.resolve("input.txt"), "from the repository\n");
        Files.writeString(ws.resolve("doomed.txt"), "the steps delete me\n");
        Files.createDirectories(ws.resolve("sub"));
        Files.writeString(ws.resolve("sub/keep.txt"), "kept\n");
        Files.createDirectories(ws.resolve(".gantry/runs"));
        Files.writeString(ws.resolve(".gantry/runs/record"), "stays here\n");
        Path scratch = dir.resolve("scratch");
        Path pod = Files.createDirectories(dir.resolve("pod"));
        PodFiles files = new PodFiles(local(), pod.resolve("fs").toString());

        files.send(List.of(ws), List.of(scratch));
        Path there = Path.of(files.there(ws));
        assertThat(there.resolve("sub/keep.txt")).hasContent("kept");
        assertThat(there.resolve(".gantry")).doesNotExist();
        assertThat(Path.of(files.there(scratch))).isDirectory();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = local().run(List.of("bash", "-c", "cd " + there + " && rm doomed.txt && rm -r sub && echo new > "
                + "made.txt && mkdir -p out/deep && echo artifact > out/deep/a.bin"), InputStream.nullInputStream(),
                out);
        assertThat(rc).isZero();

        files.fetch(ws, true);
        assertThat(ws.resolve("made.txt")).hasContent("new");
        assertThat(ws.resolve("out/deep/a.bin")).hasContent("artifact");
        assertThat(ws.resolve("input.txt")).hasContent("from the repository");
        assertThat(ws.resolve("doomed.txt")).doesNotExist();
        assertThat(ws.resolve("sub")).doesNotExist();
        assertThat(ws.resolve(".gantry/runs/record")).as("a live folder keeps its run records").exists();
        List<String> left = new ArrayList<>();
        try (var s = Files.list(ws.getParent())) {
            s.forEach(p -> left.add(p.getFileName().toString()));
        }
        assertThat(left).containsExactly("src");
    }

    @Test
    void aBrokenStreamLeavesTheLocalFolderAsItWas() throws Exception {
        Path ws = Files.createDirectories(dir.resolve("ws"));
        Files.writeString(ws.resolve("keep.txt"), "mine\n");
        PodFiles files = new PodFiles(local(), dir.resolve("nowhere").toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> files.fetch(ws, false))
                .hasMessageContaining("could not copy " + ws + " back from the pod");
        assertThat(ws.resolve("keep.txt")).hasContent("mine");
    }
}
