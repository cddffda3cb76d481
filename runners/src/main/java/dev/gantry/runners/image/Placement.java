package dev.gantry.runners.image;

/**
 * Where an action's steps run on its runner, for plans and dry runs: on the runner's host, or in an image.
 *
 * @param runner   the runner's name
 * @param image    the image, or {@code null} for the host
 * @param platform {@code linux/amd64}, {@code linux/arm64}
 * @param imageId  the image's id on the engine ({@code sha256:...}) once it is there for that platform, else
 *                 {@code null}
 */
public record Placement(String runner, ImageRequest image, String platform, String imageId) {
    /** {@code host (linux/amd64)} or {@code image node:18 [sha256:1a2b3c4d5e6f] (linux/arm64)}. */
    public String describe() {
        if (image == null) {
            return "host (" + platform + ")";
        }
        String ref = image.reference().equals(image.declared()) ? image.reference()
                : image.declared() + " -> " + image.reference();
        String id = imageId == null ? "not pulled yet"
                : imageId.substring(0, Math.min(imageId.length(), "sha256:".length() + 12));
        return "image " + ref + " [" + id + "] (" + platform + ")";
    }
}
