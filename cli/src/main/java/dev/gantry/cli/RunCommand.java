package dev.gantry.cli;

import dev.gantry.cli.config.ConfigOptions;
import dev.gantry.cli.run.RunSession;
import dev.gantry.cli.workflow.WorkflowArgument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code gantry run}: runs a workflow on this machine as the service would. The work is done by
 * {@link RunSession}; this class holds the command line.
 */
@Command(name = "run", sortOptions = false, description = {
    "Runs a workflow on this machine: each action as soon as its dependencies succeed, its steps in one bash, in a "
        + "fresh copy of the repository.",
    "Exit codes: 0 all succeeded, 1 an action failed or timed out, 2 usage error, 3 invalid workflow (nothing run), "
        + "70 internal error, 130 interrupted."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    WorkflowArgument workflow;

    @Option(names = "--action", paramLabel = "NAME",
            description = "Run this action (or group) and what it depends on; repeatable. Default: every action.")
    List<String> actions = new ArrayList<>();

    @Option(names = "--skip-action", paramLabel = "NAME",
            description = "Leave this action (or group) out: it does not run, and what depends on it runs without "
                    + "its outputs (each is told so); repeatable. For actions Gantry cannot run here.")
    List<String> skipActions = new ArrayList<>();

    @Option(names = "--approve",
            description = "Approve every aws/approval gate (for runs not on a terminal; on a terminal Gantry asks).")
    boolean approve;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Run at most N actions at once. Default: every ready action starts, within the capacity "
                    + "configured on runners.")
    Integer concurrency;

    @Option(names = "--dry-run",
            description = "Print the plan, each action's environment (secrets masked) and the commands its steps "
                    + "would run; run nothing.")
    boolean dryRun;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Set an input variable of every build and test action (overrides Inputs.Variables); "
                    + "repeatable.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "NAME=VALUE",
            description = "The value of ${Secrets.NAME}; repeatable. Also: --secrets-file, GANTRY_SECRET_NAME.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--secrets-file", paramLabel = "FILE",
            description = "Secrets as a dotenv file (NAME=VALUE lines).")
    Path secretsFile;

    @Option(names = "--env", paramLabel = "NAME[=VALUE]",
            description = "Pass a host variable (NAME) or set one (NAME=VALUE) in every step's environment; "
                    + "repeatable. Steps get only PATH, HOME, USER, LANG, TERM, TMPDIR, SSH_AUTH_SOCK, DOCKER_* and "
                    + "AWS_* from the host otherwise.")
    List<String> env = new ArrayList<>();

    @Option(names = "--bind", description = "Run the steps in the live repository folder instead of fresh copies.")
    boolean bind;

    @Option(names = "--keep", description = "Keep the actions' workspaces under .gantry/runs/<run-id>/work/, and the "
            + "containers of actions that ran in an image (labelled dev.gantry.run=<run-id>).")
    boolean keep;

    @Option(names = "--image", paramLabel = "host|service",
            description = "Where actions without Configuration.Container run: host (default: their runner) or "
                    + "service (the curated image the service would pick). Overrides images.withoutContainer.")
    String image;

    @Option(names = "--host", description = "Run every action on its runner's host, even one that declares an image "
            + "(Configuration.Container); warned about in the summary.")
    boolean host;

    @Option(names = "--fail-fast", description = "Cancel everything on the first failure.")
    boolean failFast;

    @Option(names = "--json", description = "Print one JSON event per line on stdout instead of the console view.")
    boolean json;

    @Option(names = "--no-cache", description = "Neither restore nor save file caches (Caching.FileCaching).")
    boolean noCache;

    @Option(names = "--timeout-scale", hidden = true, paramLabel = "SECONDS",
            description = "Testing aid: how many seconds one minute of Timeout lasts (default 60).")
    double timeoutScale = 60;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CommandFailure {
        RunSession.Options options = new RunSession.Options(actions, concurrency, dryRun, vars, secrets, secretsFile,
                env, bind, keep, failFast, json, timeoutScale, noCache, skipActions, approve, image, host);
        return new RunSession(options, workflow, config, spec.commandLine().getOut(), spec.commandLine().getErr(),
                Path.of("").toAbsolutePath(), System.getenv()).run();
    }
}
