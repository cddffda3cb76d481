package dev.gantry.runners.image;

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
}
