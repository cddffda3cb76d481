package dev.gantry.actions.deploy.ecs;

import dev.gantry.actions.aws.MotoServer;
import dev.gantry.actions.deploy.TaskHarness;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.run.ActionFailure;
import dev.gantry.engine.run.ActionWork;
import dev.gantry.engine.run.StepsResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.gantry.actions.deploy.TaskHarness.action;
import static dev.gantry.actions.deploy.TaskHarness.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * aws/ecs-render-task-definition (files only) and aws/ecs-deploy against a real moto_server (told, through its
 * MOTO_ECS_SERVICE_RUNNING setting, that one task of each service is running: moto runs no containers).
 */
class EcsActionsTest {
    static final String TASK_DEF = """
            {"family": "web", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
             "cpu": "256", "memory": "512", "taskDefinitionArn": "arn:old", "revision": 3,
             "containerDefinitions": [{"name": "app", "image": "nginx:1", "essential": true,
               "environment": [{"name": "MODE", "value": "old"}]}]}
            """;
    private static MotoServer moto;
    private static EcsClient ecs;

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start(Map.of("MOTO_ECS_SERVICE_RUNNING", "1"));
        ecs = EcsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(moto.endpoint()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("t", "t"))).build();
        ecs.createCluster(b -> b.clusterName("prod"));
        String first = ecs.registerTaskDefinition(b -> b.family("web").containerDefinitions(c -> c.name("app")
                .image("nginx:0").memory(256))).taskDefinition().taskDefinitionArn();
        ecs.createService(b -> b.cluster("prod").serviceName("web").taskDefinition(first).desiredCount(1));
    }

    @AfterAll
    static void stop() {
        ecs.close();
        moto.close();
    }

    @Test
    void renderThenDeployUpdatesTheService(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("task-def.json"), TASK_DEF);
        Action render = action("Render", "aws/ecs-render-task-definition@v1", Map.of("task-definition",
                "task-def.json", "container-definition-name", "app", "image", "registry/web:abc123",
                "environment-variables", List.of("MODE=blue", "COLOR=green")));
        TaskHarness h = new TaskHarness(src, null);
        StepsResult rendered = h.run(render, task(EcsRenderTaskDefinition.plan(render)));
        String file = rendered.outputs().get("task-definition");
        assertThat(file).matches("task-definition-[0-9a-f]{8}\\.json");
        String json = Files.readString(src.resolve(file));
        assertThat(json).contains("\"image\" : \"registry/web:abc123\"").contains("\"value\" : \"blue\"")
                .contains("\"name\" : \"COLOR\"").doesNotContain("\"old\"");

        Action deploy = action("Deploy", "aws/ecs-deploy@v1", Map.of("cluster", "prod", "service", "web",
                "task-definition", file));
        TaskHarness d = new TaskHarness(src, moto.endpoint());
        StepsResult r = d.run(deploy, task(EcsDeploy.plan(deploy, 50)));
        String arn = r.outputs().get("task-definition-arn");
        assertThat(arn).contains(":task-definition/web:");
        var service = ecs.describeServices(b -> b.cluster("prod").services("web")).services().get(0);
        assertThat(service.taskDefinition()).isEqualTo(arn);
        assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition().containerDefinitions()
                .get(0).image()).isEqualTo("registry/web:abc123");
        assertThat(r.outputs()).containsEntry("cluster", "prod").containsEntry("service", "web")
                .containsEntry("deployment-platform", "AWS:ECS").containsKey("deployment-url");
        assertThat(d.log).contains("service web is stable").anyMatch(l -> l.startsWith("registered task definition"));
    }

    @Test
    void aMissingContainerAndAMissingServiceFailInTheServicesWords(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("task-def.json"), TASK_DEF);
        Action render = action("Render", "aws/ecs-render-task-definition@v1", Map.of("task-definition",
                "task-def.json", "container-definition-name", "api", "image", "x"));
        assertThatThrownBy(() -> new TaskHarness(src, null).run(render, task(EcsRenderTaskDefinition.plan(render))))
                .hasMessage("Invalid task definition: Could not find container definition with matching name 'api'");

        Action deploy = action("Deploy", "aws/ecs-deploy@v1", Map.of("cluster", "prod", "service", "nope",
                "task-definition", "task-def.json"));
        assertThatThrownBy(() -> new TaskHarness(src, moto.endpoint()).run(deploy, task(EcsDeploy.plan(deploy, 50))))
                .isInstanceOf(ActionFailure.class).hasMessageContaining("ServiceNotFoundException");
    }

    @Test
    void codeDeployBlueGreenIsNotSupportedYet() {
        assertThat(EcsDeploy.plan(action("D", "aws/ecs-deploy@v1", Map.of("cluster", "c", "service", "s",
                "task-definition", "t.json", "codedeploy-appspec", "appspec.yaml"))))
                .isInstanceOf(ActionWork.Unsupported.class);
    }
}
