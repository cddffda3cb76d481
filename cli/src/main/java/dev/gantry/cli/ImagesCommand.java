package dev.gantry.cli;

import dev.gantry.cli.config.ConfigOptions;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.runners.docker.DockerCli;
import dev.gantry.runners.docker.DockerEngine;
import dev.gantry.runners.image.ActionImages;
import dev.gantry.runners.image.CuratedImages;
import dev.gantry.runners.image.ImagePolicy;
import dev.gantry.runners.image.ImageSettings;
import dev.gantry.runners.image.SdkEcrLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code gantry images}: the images the service's curated names ({@code Registry: CODECATALYST}) stand for here
 * (Gantry's defaults with {@code gantry.yaml}'s {@code images.curated} laid over them), whether each is on the
 * Docker engine for its architecture, and where actions without {@code Configuration.Container} run.
 */
@Command(name = "images", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Lists the images the curated CodeCatalyst image names map to (gantry.yaml images.curated over the defaults), "
        + "whether each is on the Docker engine, and where actions without Configuration.Container run.",
    "Exit codes: 0, or 2 for a configuration error."})
public final class ImagesCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigFiles files = ConfigFiles.forThisProcess();
        Path cwd = Path.of("").toAbsolutePath();
        GantryConfig loaded = config.load(files, files.repositoryRootOf(cwd.resolve("gantry.yaml")), err);
        ImageSettings settings = ImageSettings.of(loaded.images());
        DockerCli docker = DockerCli.forThisProcess();
        DockerEngine engine = docker.probe(null);
        ActionImages images = new ActionImages(settings, docker, new SdkEcrLogin());
        out.println("Actions without Configuration.Container run "
                + (settings.policy() == ImagePolicy.SERVICE ? "in the curated image the service would pick "
                + "(images.withoutContainer: service)" : "on their runner's host (images.withoutContainer: host)")
                + ".");
        out.println(engine.reachable() ? "Docker engine " + engine.version() + engine.architecture()
                .map(a -> " (" + a.label() + ")").orElse("") + "." : "No Docker engine: "
                + engine.problem() + ".");
        int width = settings.curated().mapping().keySet().stream().mapToInt(String::length).max().orElse(10);
        int imageWidth = settings.curated().mapping().values().stream().mapToInt(String::length).max().orElse(10);
        out.printf("%-" + width + "s  %-" + imageWidth + "s  %s%n", "CURATED NAME", "IMAGE", "ON THE ENGINE");
        Map<String, String> hints = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.curated().mapping().entrySet()) {
            String platform = e.getKey().contains("_Arm64") ? "linux/arm64" : "linux/amd64";
            String present;
            if (!engine.reachable()) {
                present = "unknown (no engine)";
            } else {
                Optional<String> id = images.presentId(e.getValue(), platform);
                String hint = id.isPresent() ? null : CuratedImages.buildHint(e.getValue(), platform,
                        images.presentId(CuratedImages.DOCKERFILE_BASE, platform).isPresent());
                if (hint != null) {
                    hints.put(e.getValue(), hint);
                }
                present = id.map(i -> "yes (" + platform + ", " + i.substring(0, Math.min(i.length(), 19)) + ")")
                        .orElse(hint != null ? "no (built here, see below)" : "no (pulled on first use for "
                                + platform + ")");
            }
            out.printf("%-" + width + "s  %-" + imageWidth + "s  %s%n", e.getKey(), e.getValue(), present);
        }
        hints.forEach((image, hint) -> out.println(image + ": " + hint));
        out.flush();
        return ExitCode.OK.code();
    }
}
