package dev.gantry.dsl.yaml;

/** How an action's Configuration is shaped, decided by its Identifier (reference §2.1). */
enum ActionKind {
    /** {@code aws/build}, {@code aws/managed-test}: Steps of {@code Run} commands, Container, Packages. */
    STEPS,
    /** {@code aws/github-actions-runner}: Steps are GitHub Actions step objects. */
    GITHUB,
    /** Any other identifier: free-form Configuration. */
    GENERIC;

    static ActionKind of(String identifier) {
        if (identifier == null) {
            return GENERIC;
        }
        int at = identifier.indexOf('@');
        String name = at < 0 ? identifier : identifier.substring(0, at);
        return switch (name) {
            case "aws/build", "aws/managed-test" -> STEPS;
            case "aws/github-actions-runner" -> GITHUB;
            default -> GENERIC;
        };
    }
}
