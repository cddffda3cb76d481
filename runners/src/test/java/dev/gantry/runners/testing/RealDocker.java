package dev.gantry.runners.testing;

import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.docker.DockerEngine;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's real Docker engine for tests tagged {@code docker}. When no engine answers, it brings one up with
 * the project's {@code e2e/setup-offline.sh} (as root; installs Debian's docker.io and starts dockerd); only when
 * that is impossible does the test skip, saying so loudly on stderr. Also builds the tests' images locally, with
 * no registry: {@code gantry-test/bash} (this machine's bash and a few coreutils with their libraries, FROM
 * scratch via {@code docker import}) and {@code gantry-test/empty} (nothing at all).
 */
public final class RealDocker {
    /** An image with bash, sleep, cat, ls, touch, mkdir, rm, uname, chown, env, id; {@code PATH=/usr/bin:/bin}. */
    public static final String BASH_IMAGE = "gantry-test/bash:1";
    /**
     * An image with this machine's node and npm (wherever npm lives: its modules folder is copied whole; and bash,
     * grep, dirname, cat, env, ...), {@code HOME=/root}: npm in
     * an image, offline. Made by {@link #npmImageOrSkip}.
     */
    public static final String NPM_IMAGE = "gantry-test/npm:1";
    /** An image with no files: no bash. */
    public static final String EMPTY_IMAGE = "gantry-test/empty:1";

    private RealDocker() {
    }

    /** The client, once an engine answers; skips the test (loudly) when none can be had. */
    public static synchronized DockerCli engineOrSkip() {
        DockerCli cli = new DockerCli(System.getenv(), Duration.ofSeconds(120));
        DockerEngine engine = cli.probe(null);
        if (!engine.reachable()) {
            String why = startWithSetupScript();
            engine = cli.probe(null);
            if (!engine.reachable()) {
                String msg = "SKIPPED: no Docker engine, and none could be started (" + why + "; " + engine.problem()
                        + "). The container runner was NOT tested.";
                System.err.println("\n********** " + msg + " **********\n");
                Assumptions.abort(msg);
            }
        }
        ensureImages(cli);
        return cli;
    }

    /**
     * {@link #NPM_IMAGE}, built from this machine's node and npm when missing; skips the test (saying so) when this
     * machine has no npm to put in it.
     */
    public static synchronized String npmImageOrSkip(DockerCli cli) {
        if (!cli.run(null, List.of("image", "inspect", NPM_IMAGE)).ok()) {
            boolean npm = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, "npm")));
            Assumptions.assumeTrue(npm, "SKIPPED: no npm on this machine to build " + NPM_IMAGE
                    + " from: the npm-in-an-image test was NOT run");
            importImage(NPM_IMAGE, "bash node sleep cat ls mkdir rm uname env id grep dirname chown", """
                    mkdir -p "$root/root"
                    cli=$(readlink -f "$(command -v npm)")       # .../node_modules/npm/bin/npm-cli.js (or Debian's)
                    lib=$(dirname "$(dirname "$(dirname "$cli")")") # the folder holding npm and its modules
                    mkdir -p "$root$lib" && cp -a "$lib/." "$root$lib/"
                    ln -s "$cli" "$root/usr/bin/npm"
                    """, "ENV HOME=/root");
        }
        return NPM_IMAGE;
    }

    private static String startWithSetupScript() {
        Path script = findUp("e2e/setup-offline.sh");
        if (script == null) {
            return "e2e/setup-offline.sh not found";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "e2e/setup-offline.sh needs root";
        }
        try {
            Path log = Files.createTempFile("gantry-docker-setup", ".log");
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return "e2e/setup-offline.sh took over 10 minutes (log " + log + ")";
            }
            if (p.exitValue() != 0) {
                return "e2e/setup-offline.sh failed (log " + log + ")"; // kept for the reader
            }
            Files.deleteIfExists(log);
            return "e2e/setup-offline.sh ran";
        } catch (IOException e) {
            return "could not run e2e/setup-offline.sh: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Path findUp(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(relative))) {
                return p.resolve(relative);
            }
        }
        return null;
    }

    private static void ensureImages(DockerCli cli) {
        if (!cli.run(null, List.of("image", "inspect", BASH_IMAGE)).ok()) {
            importImage(BASH_IMAGE, "bash sleep cat ls touch mkdir rm uname chown env id", "",
                    "ENV IMAGE_ONLY=from-image");
        }
        if (!cli.run(null, List.of("image", "inspect", EMPTY_IMAGE)).ok()) {
            sh("set -euo pipefail; d=$(mktemp -d); trap 'rmdir \"$d\"' EXIT; tar -C \"$d\" -c . | docker import - '"
                    + EMPTY_IMAGE + "'\n");
        }
    }

    /**
     * Imports {@code image} FROM scratch: this machine's {@code binaries} (space-separated names on {@code PATH})
     * with their libraries in {@code /usr/bin}, a root user, {@code /tmp}, {@code PATH=/usr/bin:/bin}, then
     * {@code more} (a bash fragment over {@code $root}) and the {@code change} Dockerfile line.
     */
    private static void importImage(String image, String binaries, String more, String change) {
        sh("""
                set -euo pipefail
                root=$(mktemp -d)
                trap 'rm -rf "$root"' EXIT
                mkdir -p "$root/usr/bin" "$root/tmp" "$root/etc"
                ln -s usr/bin "$root/bin"
                chmod 1777 "$root/tmp"
                echo 'root:x:0:0:root:/root:/bin/bash' > "$root/etc/passwd"
                for b in %s; do
                  real=$(readlink -f "$(command -v "$b")")
                  cp "$real" "$root/usr/bin/$b"
                  for lib in $(ldd "$real" | grep -o '/[^ ]*'); do
                    mkdir -p "$root$(dirname "$lib")"
                    cp -L "$lib" "$root$lib"
                  done
                done
                %s
                tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/bin:/bin' -c '%s' - '%s'
                """.formatted(binaries, more, change, image));
    }

    private static void sh(String script) {
        try {
            Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("could not build a test image:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The names of containers (running or not) with {@code label}. */
    public static List<String> containersLabelled(DockerCli cli, String label) {
        DockerCli.Result r = cli.run(null, List.of("ps", "-a", "--filter", "label=" + label, "--format",
                "{{.Names}}"));
        return r.output().lines().filter(l -> !l.isBlank()).toList();
    }
}
