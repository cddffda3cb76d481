package dev.gantry.runners.image;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Container;
import dev.gantry.engine.run.Cancellation;
import dev.gantry.engine.run.StepsJob;
import dev.gantry.runners.container.ImageSource;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.shell.StepShell;
import dev.gantry.runners.transport.TransportException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The image each action runs in ({@code Configuration.Container}, or the service's curated choice under
 * {@link ImagePolicy#SERVICE}), made ready on its runner's Docker engine: present for the platform already, or
 * pulled ({@code docker pull --platform}: Docker Hub through the engine's own mirrors; ECR with a token from the
 * action's credentials, in a private client configuration removed right after; on another machine's engine, an ssh
 * host's, ECR pulls use that engine's own login), then probed once for bash (an image
 * without it runs the steps with {@code /bin/sh}). Containers start from the image's id, so that an image of one tag
 * pulled for two platforms at once cannot swap under a running action.
 */
public final class ActionImages implements ImageSource {
    private static final Duration PULL_LIMIT = Duration.ofMinutes(30);

    private final ImageSettings settings;
    private final DockerCli docker;
    private final EcrLogin ecr;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, StepShell> shells = new ConcurrentHashMap<>();

    /**
     * @param settings the run's image settings
     * @param docker   the client of the engine that runs the containers
     * @param ecr      how ECR passwords are got
     */
    public ActionImages(ImageSettings settings, DockerCli docker, EcrLogin ecr) {
        this.settings = settings;
        this.docker = docker;
        this.ecr = ecr;
    }

    /** The settings. */
    public ImageSettings settings() {
        return settings;
    }

    /**
     * The image {@code action} runs in on a runner of {@code architecture} ({@code amd64}, {@code arm64}), or empty
     * for its runner's host: no {@code Container} under {@link ImagePolicy#HOST}, or {@code --host}.
     */
    public static Optional<ImageRequest> requestFor(Action action, String architecture, ImageSettings settings) {
        if (settings.hostAnyway()) {
            return Optional.empty();
        }
        Container c = action.configuration().container();
        if (c != null && c.image() != null && !c.image().isBlank()) {
            String registry = c.registry() == null ? "DockerHub" : c.registry().trim();
            String image = c.image().trim();
            if (registry.equalsIgnoreCase("CODECATALYST")) {
                return Optional.of(new ImageRequest("CODECATALYST", image,
                        settings.curated().imageOf(image).orElse(image), "Configuration.Container"));
            }
            return Optional.of(new ImageRequest(registry, image, image, "Configuration.Container"));
        }
        if (settings.policy() == ImagePolicy.SERVICE) {
            String curated = CuratedImages.serviceChoice(action.identifier(), architecture);
            return Optional.of(new ImageRequest("CODECATALYST", curated, settings.curated().imageOf(curated)
                    .orElse(curated), "the service's image for " + action.identifier()));
        }
        return Optional.empty();
    }

    /** {@link #requestFor(Action, String, ImageSettings)} with these settings. */
    public Optional<ImageRequest> requestFor(Action action, String architecture) {
        return requestFor(action, architecture, settings);
    }

    @Override
    public Prepared prepare(StepsJob job, String platform, Cancellation cancellation, DockerCli engine)
            throws TransportException {
        return engine == docker ? prepare(job, platform, cancellation)
                : new ActionImages(settings, engine, ecr).prepare(job, platform, cancellation);
    }

    @Override
    public Prepared prepare(StepsJob job, String platform, Cancellation cancellation) throws TransportException {
        String arch = platform.substring(platform.indexOf('/') + 1);
        ImageRequest request = requestFor(job.action(), arch).orElseThrow(() -> new TransportException(
                "action " + job.actionId() + " declares no image"));
        String id = present(request, platform, job.environment(), cancellation);
        StepShell shell = shells.get(id);
        if (shell == null) {
            shell = probeShell(request, id, platform);
            shells.put(id, shell);
        }
        return new Prepared(id, shell);
    }

    /**
     * The image's id on the engine, for {@code platform}, pulled first when it is not there for that platform.
     *
     * @param environment the action's environment (ECR credentials)
     */
    String present(ImageRequest request, String platform, Map<String, String> environment,
                   Cancellation cancellation) throws TransportException {
        String ref = request.reference();
        synchronized (locks.computeIfAbsent(ref, k -> new Object())) {
            Optional<String> id = presentId(ref, platform);
            if (id.isPresent()) {
                return id.get();
            }
            if (cancellation.isCancelled()) {
                throw new TransportException("cancelled before pulling " + ref);
            }
            pull(request, platform, environment);
            return presentId(ref, platform).orElseThrow(() -> new TransportException("pulled " + ref + " for "
                    + platform + ", but the engine has it for another platform: the registry has no " + platform
                    + " image of it"));
        }
    }

    /** The id of {@code ref} when the engine has it for {@code platform}. */
    public Optional<String> presentId(String ref, String platform) {
        DockerCli.Result r = docker.run(null, List.of("image", "inspect", "--format",
                "{{.Os}}/{{.Architecture}} {{.Id}}", ref));
        if (!r.ok()) {
            return Optional.empty();
        }
        String[] f = r.output().strip().split(" ");
        return f.length == 2 && f[0].equals(platform) ? Optional.of(f[1]) : Optional.empty();
    }

    private void pull(ImageRequest request, String platform, Map<String, String> environment)
            throws TransportException {
        Map<String, String> env = new HashMap<>(docker.environment(null));
        Path config = null;
        try {
            EcrLogin.EcrRegistry registry = EcrLogin.registryOf(request.reference());
            if (registry != null && !docker.remote()) {
                config = Files.createTempDirectory("gantry-ecr-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                String json = "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\""
                        + ecr.authorization(registry, environment) + "\"}}}";
                Files.writeString(config.resolve("config.json"), json, StandardCharsets.UTF_8);
                env.put("DOCKER_CONFIG", config.toString());
            } else if ("ECR".equalsIgnoreCase(request.registry())) {
                throw new TransportException("Registry ECR needs a private ECR repository URI "
                        + "(<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>), not " + request.declared());
            }
            DockerCli.Result r = docker.with(env, PULL_LIMIT).run(null, List.of("pull", "--quiet", "--platform",
                    platform, request.reference()));
            if (!r.ok()) {
                String hint = CuratedImages.buildHint(request.reference(), platform,
                        presentId(CuratedImages.DOCKERFILE_BASE, platform).isPresent());
                throw new TransportException("could not pull image " + request.reference() + " for " + platform
                        + " (" + request.why() + (request.declared().equals(request.reference()) ? ""
                        : ", " + request.declared()) + "): " + (hint != null ? "it is not on the engine and no "
                        + "registry serves it: " + hint : lastLines(r.output())));
            }
        } catch (IOException e) {
            throw new TransportException("could not prepare the pull of " + request.reference() + ": "
                    + e.getMessage());
        } finally {
            removeQuietly(config);
        }
    }

    /** Whether the image has bash ({@code BASH}), only a POSIX sh ({@code POSIX}); neither is an error. */
    private StepShell probeShell(ImageRequest request, String id, String platform) throws TransportException {
        DockerCli.Result r = null;
        for (StepShell shell : StepShell.values()) {
            r = docker.run(null, List.of("run", "--rm", "--platform", platform, "--network", "none",
                    "--entrypoint", shell.executable(), id, "-c", "true"));
            if (r.ok()) {
                return shell;
            }
        }
        throw new TransportException("image " + request.reference() + " (" + platform + ") has neither bash nor "
                + "/bin/sh, so its steps cannot run in it: " + lastLines(r.output()));
    }

    private static String lastLines(String output) {
        List<String> lines = output.strip().lines().filter(l -> !l.isBlank()).toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }

    private static void removeQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: best effort
        }
    }
}
