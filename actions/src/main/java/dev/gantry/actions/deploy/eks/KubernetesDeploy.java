package dev.gantry.actions.deploy.eks;

import dev.gantry.actions.deploy.ActionProperties;
import dev.gantry.actions.deploy.DeployTask;
import dev.gantry.actions.deploy.TaskCancelled;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.actions.deploy.ToolProcess;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code aws/kubernetes-deploy@v1}: applies the {@code Manifests} (a file or a folder of the inputs) to the EKS
 * cluster {@code Cluster} in {@code Region}, in {@code Namespace} (default {@code default}), with the CLIs the
 * service uses: {@code aws eks update-kubeconfig} (a private kubeconfig in the action's scratch folder, the action's
 * credentials) then {@code kubectl apply}. Both must be on PATH. Output variables: {@code cluster},
 * {@code namespace}, {@code resources} (what kubectl applied), {@code region}, {@code deployment-platform}.
 */
public final class KubernetesDeploy extends DeployTask {
    private final ActionProperties properties;

    private KubernetesDeploy(ActionProperties properties) {
        super(KubernetesDeploy::plan);
        this.properties = properties;
    }

    /** What {@code action} does, or why its configuration cannot run (checked at plan time). */
    public static ActionWork plan(Action action) {
        ActionProperties p = ActionProperties.of(action);
        return p.missing(action, "Cluster", "Manifests")
                .orElseGet(() -> new ActionWork.RunTask(new KubernetesDeploy(p)));
    }

    @Override
    public String describe() {
        return "kubectl apply " + properties.string("Manifests", "") + " to EKS cluster "
                + properties.string("Cluster", "");
    }

    @Override
    protected Map<String, String> execute(TaskRun run)
            throws ActionFailure, TaskCancelled, InterruptedException, IOException {
        String cluster = run.expand(properties.string("Cluster", ""));
        String namespace = run.expand(properties.string("Namespace", "default"));
        Path manifests = run.inputPath(properties.string("Manifests", ""));
        if (!Files.exists(manifests)) {
            throw failure(run, "Manifests '" + properties.string("Manifests", "") + "' does not exist (looked for "
                    + run.shown(manifests) + ")");
        }
        var aws = run.aws(properties.string("Region").orElse(null));
        Map<String, String> env = new LinkedHashMap<>(run.environment());
        env.put("AWS_REGION", aws.region());
        env.put("AWS_DEFAULT_REGION", aws.region());
        Path kubeconfig = run.job().scratchDirectory().resolve("kubeconfig");
        Files.createDirectories(kubeconfig.getParent());
        env.put("KUBECONFIG", kubeconfig.toString());
        command(run, List.of("aws", "eks", "update-kubeconfig", "--name", cluster, "--region", aws.region(),
                "--kubeconfig", kubeconfig.toString()), env, null);
        List<String> applied = new ArrayList<>();
        command(run, List.of("kubectl", "apply", "--namespace", namespace, "--recursive", "-f",
                manifests.toString(), "-o", "name"), env, applied);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("cluster", cluster);
        out.put("namespace", namespace);
        out.put("resources", String.join(",", applied));
        out.put("region", aws.region());
        out.put("deployment-platform", "AWS:EKS");
        return out;
    }

    private static void command(TaskRun run, List<String> command, Map<String, String> env, List<String> lines)
            throws ActionFailure, TaskCancelled, InterruptedException {
        run.log("$ " + String.join(" ", command));
        int status;
        try {
            status = ToolProcess.run(run, command, run.job().workingDirectory(), env, line -> {
                run.log(line);
                if (lines != null && !line.isBlank()) {
                    lines.add(line.strip());
                }
            });
        } catch (IOException e) {
            throw failure(run, "cannot run " + command.get(0) + " (" + e.getMessage() + "): the Kubernetes deploy "
                    + "action needs the AWS CLI and kubectl on PATH");
        }
        if (status != 0) {
            throw failure(run, command.get(0) + " " + command.get(1) + " failed: exitcode '" + status + "'");
        }
    }
}
