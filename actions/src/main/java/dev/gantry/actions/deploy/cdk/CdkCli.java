package dev.gantry.actions.deploy.cdk;

import dev.gantry.actions.cache.CacheSettings;
import dev.gantry.actions.deploy.TaskCancelled;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.actions.deploy.ToolProcess;
import dev.gantry.engine.files.FolderTrees;
import dev.gantry.engine.run.ActionFailure;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The AWS CDK command line at the version an action asks for ({@code CdkCliVersion}), installed with {@code npm}
 * (which must be on PATH) into Gantry's cache ({@code ~/.cache/gantry/cdk/<version>/}) the first time and reused
 * afterwards. {@code latest} is installed once and kept (remove the folder to refresh it).
 */
final class CdkCli {
    /** What {@code CdkCliVersion} may be: {@code latest}, or a version {@code 2}, {@code 2.110}, {@code 2.110.0}. */
    static final Pattern VERSION = Pattern.compile("latest|\\d+(\\.\\d+){0,2}(-[A-Za-z0-9.]+)?");

    private CdkCli() {
    }

    /** The {@code cdk} executable of {@code version}, installed now when missing (its output in the log). */
    static Path installed(TaskRun run, String version) throws ActionFailure, TaskCancelled, InterruptedException,
            IOException {
        Path root = CacheSettings.defaultDir(run.environment()).resolve("cdk");
        Path target = root.resolve(version);
        Path cdk = target.resolve("node_modules").resolve(".bin").resolve("cdk");
        if (Files.isExecutable(cdk)) {
            run.log("CDK CLI " + version + " from the cache (" + target + ")");
            return cdk;
        }
        Files.createDirectories(root);
        Path partial = Files.createTempDirectory(root, "install-");
        try {
            run.log("installing the CDK CLI: npm install aws-cdk@" + version + " (cached in " + target + ")");
            int status;
            try {
                status = ToolProcess.run(run, List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                        "--prefix", partial.toString(), "aws-cdk@" + version), partial, run.environment(), run::log);
            } catch (IOException e) {
                throw new ActionFailure("cannot run npm (" + e.getMessage() + "): install Node.js and npm to run "
                        + "the CDK actions");
            }
            if (status != 0) {
                throw new ActionFailure("npm install aws-cdk@" + version + " failed (exit " + status + "); see the "
                        + "log above (is the npm registry reachable?)");
            }
            try {
                Files.move(partial, target);
            } catch (FileAlreadyExistsException e) {
                // another action installed it meanwhile
            }
        } finally {
            FolderTrees.deleteQuietly(partial);
        }
        return cdk;
    }

    /** Runs {@code cdk ARGS} in {@code directory}; returns its exit status. */
    static int run(TaskRun run, Path cdk, List<String> args, Path directory, Map<String, String> environment)
            throws TaskCancelled, InterruptedException, IOException {
        List<String> command = new java.util.ArrayList<>(List.of(cdk.toString()));
        command.addAll(args);
        run.log("$ cdk " + String.join(" ", args));
        return ToolProcess.run(run, command, directory, environment, run::log);
    }
}
