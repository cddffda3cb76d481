package dev.gantry.cli;

import dev.gantry.actions.aws.AwsEnvironmentException;
import dev.gantry.actions.aws.AwsEnvironments;
import dev.gantry.actions.aws.AwsStepEnvironment;
import dev.gantry.actions.aws.RoleSessionName;
import dev.gantry.actions.aws.SessionDuration;
import dev.gantry.cli.config.ConfigOptions;
import dev.gantry.cli.workflow.WorkflowArgument;
import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.config.EnvironmentConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Connection;
import dev.gantry.engine.model.Environment;
import dev.gantry.engine.model.Workflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code gantry environments [WORKFLOW]}: for each environment the workflow uses, the AWS identity each of its
 * connections resolves to ({@code sts:AssumeRole}, then {@code sts:GetCallerIdentity} with the assumed
 * credentials), without running anything. Exit 0 when every identity resolved, 1 when one did not.
 */
@Command(name = "environments", description = {"Shows the AWS identity each environment connection of a workflow "
        + "resolves to (AssumeRole, then GetCallerIdentity), without running anything.",
        "Exit 0 when every identity resolved, 1 when one did not."})
public final class EnvironmentsCommand implements Callable<Integer> {

    @Mixin
    WorkflowArgument workflow;

    @Mixin
    ConfigOptions configOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path cwd = Path.of("").toAbsolutePath();
        LoadedWorkflow loaded;
        GantryConfig config;
        loaded = workflow.load(cwd, new WorkflowFiles(ValidationOptions.DEFAULT), err);
        ConfigFiles files = ConfigFiles.forThisProcess();
        config = configOptions.load(files, files.repositoryRootOf(cwd.resolve(loaded.file())), err);
        Workflow wf = loaded.workflow();
        Map<String, Map<Connection, List<String>>> uses = environmentsUsed(wf);
        out.println(wf.name() + " (" + loaded.file() + ")");
        if (uses.isEmpty()) {
            out.println("  uses no environments");
            out.flush();
            return 0;
        }
        boolean allResolved = true;
        try (AwsEnvironments aws = AwsEnvironments.forThisProcess(config)) {
            for (Map.Entry<String, Map<Connection, List<String>>> e : uses.entrySet()) {
                EnvironmentConfig env = config.environment(e.getKey()).orElse(null);
                if (env == null) {
                    // Nothing is assumed: every action of the environment gets the user's own credentials.
                    out.println(e.getKey() + ": not mapped in gantry.yaml; actions use your own AWS credentials "
                            + "(no role is assumed)");
                    List<String> actions = e.getValue().values().stream().flatMap(List::stream).toList();
                    allResolved &= show(out, aws, wf.name(), e.getKey(), null, null, actions);
                    continue;
                }
                out.println(e.getKey() + ": " + describe(env, aws));
                for (Map.Entry<Connection, List<String>> c : e.getValue().entrySet()) {
                    allResolved &= show(out, aws, wf.name(), e.getKey(), env, c.getKey(), c.getValue());
                }
                out.flush();
            }
        }
        out.flush();
        return (allResolved ? ExitCode.OK : ExitCode.FAILED).code();
    }

    /**
     * Prints one connection's identity; with no {@code connection}, the identity of a mapped environment's own
     * credentials, or (no {@code env} either) of the user's own credentials.
     */
    private static boolean show(PrintWriter out, AwsEnvironments aws, String workflowName, String envName,
                                EnvironmentConfig env, Connection connection, List<String> actions) {
        String indent = "  ";
        if (connection != null) {
            String account = env.accountIdFor(connection.name()).orElse(null);
            out.println(indent + "connection " + connection.name() + ", role " + connection.role()
                    + (account != null ? " in account " + account : ""));
            indent = "    ";
        } else if (env != null) {
            out.println(indent + "no connection: the environment's own credentials");
            indent = "    ";
        }
        boolean ok;
        try {
            Environment asked = new Environment(envName, connection == null ? List.of() : List.of(connection));
            AwsStepEnvironment granted = aws.grant(RoleSessionName.of(workflowName, "environments"), asked,
                    SessionDuration.MIN_SECONDS, Set.of());
            out.println(indent + "identity: " + aws.callerIdentity(granted));
            ok = true;
        } catch (AwsEnvironmentException ex) {
            out.println(indent + "error: " + ex.getMessage());
            ok = false;
        }
        out.println(indent + "actions: " + String.join(", ", actions));
        return ok;
    }

    private static String describe(EnvironmentConfig env, AwsEnvironments aws) {
        List<String> parts = new ArrayList<>();
        parts.add("mapped (" + env.origin().format() + ")");
        parts.add(AwsEnvironments.describeBase(env));
        String region = aws.regionFor(env);
        parts.add(region == null ? "no region" : "region " + region);
        if (env.endpointUrl() != null) {
            parts.add("endpoint " + env.endpointUrl());
        }
        return String.join(", ", parts);
    }

    /**
     * Environment name, then connection ({@code null} for none), then the actions using it; in file order.
     */
    static Map<String, Map<Connection, List<String>>> environmentsUsed(Workflow wf) {
        Map<String, Map<Connection, List<String>>> uses = new LinkedHashMap<>();
        for (Action a : wf.actions()) {
            Environment e = a.environment();
            if (e == null) {
                continue;
            }
            Map<Connection, List<String>> byConnection = uses.computeIfAbsent(e.name(), k -> new LinkedHashMap<>());
            Connection c = e.connections().isEmpty() ? null : e.connections().get(0);
            byConnection.computeIfAbsent(c, k -> new ArrayList<>()).add(a.id());
        }
        return uses;
    }
}
