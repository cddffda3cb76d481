package dev.gantry.engine.model;

/**
 * {@code Configuration.Container}: the image a build or test action runs in.
 *
 * @param registry {@code CODECATALYST}, {@code DockerHub}, {@code ECR} or {@code Other}
 * @param image    the image name or URI
 */
public record Container(String registry, String image) {
}
