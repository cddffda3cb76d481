package dev.gantry.runners.image;

import dev.gantry.engine.config.ImagesConfig;

/**
 * How a run chooses images: the curated mapping, where actions without {@code Container} run, and whether actions
 * that declare an image run on their host anyway ({@code --host}).
 *
 * @param curated    the curated names' images
 * @param policy     where actions without {@code Container} run
 * @param hostAnyway run every action on its runner's host, ignoring {@code Container} (with a warning)
 */
public record ImageSettings(CuratedImages curated, ImagePolicy policy, boolean hostAnyway) {
    /** The defaults: curated defaults, host for actions without {@code Container}, {@code Container} honoured. */
    public static ImageSettings defaults() {
        return new ImageSettings(CuratedImages.defaults(), ImagePolicy.HOST, false);
    }

    /**
     * The settings of {@code gantry.yaml} ({@code images:}, with the command line's {@code --image} and
     * {@code --host} laid over it; may be {@code null}).
     */
    public static ImageSettings of(ImagesConfig config) {
        CuratedImages curated = CuratedImages.defaults();
        ImagePolicy chosen = null;
        boolean hostAnyway = false;
        if (config != null) {
            hostAnyway = config.onHost();
            curated = curated.with(config.curated());
            if (chosen == null && config.withoutContainer() != null) {
                chosen = ImagePolicy.parse(config.withoutContainer());
            }
        }
        return new ImageSettings(curated, chosen == null ? ImagePolicy.HOST : chosen, hostAnyway);
    }
}
