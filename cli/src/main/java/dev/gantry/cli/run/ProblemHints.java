package dev.gantry.cli.run;

/** What a user of {@code gantry run} can do about a plan-time problem, by rule (the service names no flags). */
final class ProblemHints {
    private ProblemHints() {
    }

    /** The hint for {@code rule}, or the empty string. */
    static String hint(String rule) {
        return switch (rule) {
            case "secret-missing" -> "give a secret with --secret NAME=VALUE, a --secrets-file, or GANTRY_SECRET_NAME";
            case "action-unsupported" -> "run the other actions with --action NAME";
            case "action-selection" -> "--action takes an action or group of the workflow";
            case "aws-environment" -> "map an environment to an AWS profile with --environment NAME=PROFILE or in "
                    + "gantry.yaml";
            default -> "";
        };
    }
}
