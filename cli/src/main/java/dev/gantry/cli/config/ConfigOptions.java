package dev.gantry.cli.config;

import dev.gantry.cli.CommandFailure;
import dev.gantry.cli.ExitCode;
import dev.gantry.cli.GantryCommand;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.dsl.config.LoadedConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Gantry configuration options shared by {@code run}, {@code runners} and {@code environments}, as a Picocli
 * mixin ({@code @Mixin ConfigOptions config;}): {@code --config FILE} (alias {@code --runner-config}) and
 * {@code --environment NAME=PROFILE} (repeatable), plus the one way those commands load the configuration
 * (user file, repository {@code gantry.yaml}, the given file, then the flags).
 */
public final class ConfigOptions {
    @Option(names = {"--config", "--runner-config"}, paramLabel = "FILE",
            description = "A Gantry configuration file applied over ~/.config/gantry/config.yaml and the "
                    + "repository's gantry.yaml.")
    Path configFile;

    @Option(names = "--environment", paramLabel = "NAME=PROFILE",
            description = "Take the AWS credentials of workflow environment NAME from AWS profile PROFILE "
                    + "(repeatable; overrides gantry.yaml).")
    List<String> environmentProfiles = new ArrayList<>();

    /**
     * Loads the configuration for the repository at {@code repositoryRoot}. Warnings are printed and do not stop
     * it; errors are printed as {@code file:line:col: error: message [rule]} and stop it.
     *
     * @throws CommandFailure with exit code 2 when a file has errors or a flag is malformed (the same exception the
     *                  {@code WORKFLOW} argument uses, so a command handles both in one place)
     */
    public GantryConfig load(ConfigFiles files, Path repositoryRoot, PrintWriter err) throws CommandFailure {
        LoadedConfig loaded = files.load(repositoryRoot, configFile);
        for (Diagnostic d : loaded.diagnostics()) {
            err.println(d.format());
        }
        if (loaded.hasErrors()) {
            long errors = loaded.diagnostics().stream().filter(d -> d.severity() == Severity.ERROR).count();
            err.println("gantry: the configuration is not valid (" + (errors == 1 ? "1 error" : errors + " errors")
                    + ")");
            err.flush();
            throw new CommandFailure(ExitCode.USAGE);
        }
        GantryConfig config = loaded.config();
        for (String flag : environmentProfiles) {
            int eq = flag.indexOf('=');
            if (eq <= 0 || eq == flag.length() - 1) {
                err.println("gantry: --environment takes NAME=PROFILE (a workflow environment name and an AWS "
                        + "profile), not '" + flag + "'");
                err.flush();
                throw new CommandFailure(ExitCode.USAGE);
            }
            config = config.withEnvironmentProfile(flag.substring(0, eq), flag.substring(eq + 1));
        }
        err.flush();
        return config;
    }
}
