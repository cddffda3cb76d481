package dev.gantry.actions.deploy.ecs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.actions.deploy.ActionProperties;
import dev.gantry.actions.deploy.DeployTask;
import dev.gantry.actions.deploy.TaskCancelled;
import dev.gantry.actions.deploy.TaskRun;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code aws/ecs-deploy@v1}: registers the task definition file {@code task-definition} (the fields of
 * RegisterTaskDefinition; what DescribeTaskDefinition adds, such as {@code taskDefinitionArn}, is ignored), points
 * {@code service} of {@code cluster} at the new revision ({@code force-new-deployment} to redeploy the same one) and
 * waits until the service is stable (one deployment, all desired tasks running). Output variables:
 * {@code cluster}, {@code service}, {@code task-definition-arn}, {@code region}, {@code deployment-platform},
 * {@code deployment-url}. Blue/green deployments through CodeDeploy ({@code codedeploy-*}) are not supported yet.
 */
public final class EcsDeploy extends DeployTask {
    private final ActionProperties properties;
    private final long pollMillis;

    EcsDeploy(ActionProperties properties, long pollMillis) {
        super(a -> plan(a, pollMillis));
        this.properties = properties;
        this.pollMillis = pollMillis;
    }

    /** What {@code action} does, or why its configuration cannot run (checked at plan time). */
    public static ActionWork plan(Action action) {
        return plan(action, 5000);
    }

    static ActionWork plan(Action action, long pollMillis) {
        ActionProperties p = ActionProperties.of(action);
        var missing = p.missing(action, "cluster", "service", "task-definition");
        if (missing.isPresent()) {
            return missing.get();
        }
        for (String cd : new String[] {"codedeploy-appspec", "codedeploy-application", "codedeploy-deployment-group"}) {
            if (p.has(cd)) {
                return new ActionWork.Unsupported("blue/green deployments through CodeDeploy (" + cd
                        + ") are not supported yet; Gantry runs rolling ECS deployments");
            }
        }
        return new ActionWork.RunTask(new EcsDeploy(p, pollMillis));
    }

    @Override
    public String describe() {
        return "ecs-deploy " + properties.string("task-definition", "") + " to service "
                + properties.string("service", "") + " of cluster " + properties.string("cluster", "");
    }

    @Override
    protected Map<String, String> execute(TaskRun run)
            throws ActionFailure, TaskCancelled, InterruptedException, IOException {
        Path file = EcsRenderTaskDefinition.taskDefinitionFile(run, properties);
        RegisterTaskDefinitionRequest request;
        try {
            request = ((RegisterTaskDefinitionRequest.Builder) new ObjectMapper()
                    .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(file.toFile(), RegisterTaskDefinitionRequest.serializableBuilderClass())).build();
        } catch (IOException e) {
            throw failure(run, "task-definition " + run.shown(file) + " is not a task definition: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        String cluster = run.expand(properties.string("cluster", ""));
        String serviceName = run.expand(properties.string("service", ""));
        var aws = run.aws(properties.string("region").orElse(null));
        try (EcsClient ecs = aws.client(EcsClient.builder())) {
            String arn = ecs.registerTaskDefinition(request).taskDefinition().taskDefinitionArn();
            run.log("registered task definition " + arn);
            ecs.updateService(b -> b.cluster(cluster).service(serviceName).taskDefinition(arn)
                    .forceNewDeployment(properties.flag("force-new-deployment", false)));
            run.log("service " + serviceName + " of cluster " + cluster + " now uses it; waiting for it to be stable");
            int lastRunning = -1;
            while (true) {
                var described = ecs.describeServices(b -> b.cluster(cluster).services(serviceName));
                if (!described.failures().isEmpty()) {
                    throw failure(run, "service " + serviceName + ": " + described.failures().get(0).reason());
                }
                Service s = described.services().get(0);
                if (s.runningCount() != lastRunning) {
                    run.log("service " + serviceName + ": " + s.runningCount() + " of " + s.desiredCount()
                            + " tasks running, " + s.deployments().size() + " deployment"
                            + (s.deployments().size() == 1 ? "" : "s"));
                    lastRunning = s.runningCount();
                }
                if (s.deployments().size() == 1 && s.runningCount() >= s.desiredCount()) {
                    break;
                }
                run.pause(pollMillis);
            }
            Map<String, String> out = new LinkedHashMap<>();
            out.put("cluster", cluster);
            out.put("service", serviceName);
            out.put("task-definition-arn", arn);
            out.put("region", aws.region());
            out.put("deployment-platform", "AWS:ECS");
            out.put("deployment-url", "https://" + aws.region() + ".console.aws.amazon.com/ecs/v2/clusters/" + cluster
                    + "/services/" + serviceName + "/deployments?region=" + aws.region());
            run.log("service " + serviceName + " is stable");
            return out;
        }
    }
}
