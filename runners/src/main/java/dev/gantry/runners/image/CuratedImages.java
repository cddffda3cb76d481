package dev.gantry.runners.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's curated images (registry {@code CODECATALYST}, reference §4.4) mapped to images this engine can
 * pull or build. By default the x86_64 names map to the public image AWS's own local runner uses for them
 * ({@value #AWS_RUNNER_IMAGE}, Amazon Linux 2 with the curated tool set); the Arm64 names, which have no public
 * equivalent, map to {@code gantry/codecatalyst-linux:<version>-arm64}, built from {@code docs/curated-image/Dockerfile}.
 * {@code gantry.yaml} ({@code images: curated:}) overrides any of them.
 *
 * @param mapping curated name ({@code CodeCatalystLinux_x86_64:2024_03}) to image reference
 */
public record CuratedImages(Map<String, String> mapping) {
    /** The image AWS's local runner (action_plan.go) runs curated actions in. */
    public static final String AWS_RUNNER_IMAGE = "public.ecr.aws/c8t2t1h8/al2/curated:1.3-x86_64-ec2";
    /** The image the service picks for a build or test action without {@code Container}. */
    public static final String DEFAULT_VERSION = "2022_11";
    /** The current curated version. */
    public static final String CURRENT_VERSION = "2024_03";

    /** The images {@code docs/curated-image/Dockerfile} builds (the Arm64 defaults). */
    public static final String BUILT_HERE = "gantry/codecatalyst-linux:";
    /** The base image of {@code docs/curated-image/Dockerfile}. */
    public static final String DOCKERFILE_BASE = "public.ecr.aws/amazonlinux/amazonlinux:2";

    private static final List<String> KINDS = List.of("CodeCatalystLinux_x86_64", "CodeCatalystLinuxLambda_x86_64",
            "CodeCatalystLinux_Arm64", "CodeCatalystLinuxLambda_Arm64");

    public CuratedImages {
        mapping = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
    }

    /** The default mapping of every curated Linux name. */
    public static CuratedImages defaults() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String version : List.of(CURRENT_VERSION, DEFAULT_VERSION)) {
            for (String kind : KINDS) {
                m.put(kind + ":" + version, kind.endsWith("x86_64") ? AWS_RUNNER_IMAGE
                        : BUILT_HERE + version + "-arm64");
            }
        }
        return new CuratedImages(m);
    }

    /** These defaults with {@code overrides} laid over them. */
    public CuratedImages with(Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(mapping);
        m.putAll(overrides);
        return new CuratedImages(m);
    }

    /** The image a curated name maps to. */
    public Optional<String> imageOf(String curatedName) {
        return Optional.ofNullable(mapping.get(curatedName == null ? "" : curatedName.trim()));
    }

    /**
     * The curated name the service picks for an action without {@code Container} (reference §4.4): the November
     * 2022 image for build and test actions and {@code @v1} of other actions, the March 2024 image for
     * {@code aws/cdk-deploy@v2} and later majors of other actions; of the architecture {@code arm64} or
     * {@code amd64}.
     */
    public static String serviceChoice(String identifier, String architecture) {
        String kind = "arm64".equals(architecture) ? "CodeCatalystLinux_Arm64" : "CodeCatalystLinux_x86_64";
        String id = identifier == null ? "" : identifier.trim();
        int at = id.lastIndexOf('@');
        String name = at < 0 ? id : id.substring(0, at);
        String version = at < 0 ? "v1" : id.substring(at + 1);
        boolean buildOrTest = name.equals("aws/build") || name.equals("aws/managed-test")
                || name.equals("aws/build-beta") || name.isEmpty();
        boolean firstMajor = version.equals("v1") || version.startsWith("v1.");
        return kind + ":" + (buildOrTest || firstMajor ? DEFAULT_VERSION : CURRENT_VERSION);
    }

    /**
     * How to get {@code image}, a default built from {@code docs/curated-image/}, onto the engine for
     * {@code platform}, and why that needs the network ({@code baseOnEngine}: whether the Dockerfile's base image
     * is on the engine for that platform already); {@code null} for an image a registry serves.
     */
    public static String buildHint(String image, String platform, boolean baseOnEngine) {
        if (!image.startsWith(BUILT_HERE)) {
            return null;
        }
        return "build it: docker buildx build --platform " + platform + " -t " + image + " --load docs/curated-image"
                + " (needs the network: the tools are downloaded"
                + (baseOnEngine ? "" : ", and its base " + DOCKERFILE_BASE + " is not on this engine for " + platform)
                + "; or map the curated name to another image in gantry.yaml images.curated)";
    }
}
