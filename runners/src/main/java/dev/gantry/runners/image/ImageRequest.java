package dev.gantry.runners.image;

/**
 * The image one action runs in, as chosen before anything is pulled.
 *
 * @param registry  {@code DockerHub}, {@code ECR}, {@code CODECATALYST}, {@code Other}, as declared (or
 *                  {@code CODECATALYST} for the service's choice)
 * @param declared  the image as the workflow (or the service's choice) names it
 * @param reference what the engine pulls ({@code declared}, or the curated name's mapped image)
 * @param why       how it was chosen, for plans and logs ({@code Configuration.Container},
 *                  {@code --image service: what the service picks for aws/build@v1})
 */
public record ImageRequest(String registry, String declared, String reference, String why) {
    /** Whether the image comes from ECR (the engine needs the action's credentials to pull it). */
    public boolean fromEcr() {
        return "ECR".equalsIgnoreCase(registry) || EcrLogin.registryOf(reference) != null;
    }
}
