package dev.gantry.dsl.export;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Connection;
import dev.gantry.engine.model.Environment;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.Trigger;
import dev.gantry.engine.model.TriggerType;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;

import java.util.List;
import java.util.Map;

/** The reference multi-arch workflow, built by hand: what any loader must produce from it. */
public final class SeedModel {
    private static final String ACCOUNT = "AWS_ACCOUNT_ID=`aws sts get-caller-identity --query \"Account\" --output text`";
    private static final String REPO = "$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com/$IMAGE_REPO_NAME";
    private static final String LOGIN = "aws ecr get-login-password | docker login --username AWS --password-stdin "
            + "$AWS_ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com";

    private SeedModel() {
    }

    public static Workflow workflow() {
        return new Workflow("multiarch", "1.0", null, null,
                List.of(new Trigger(TriggerType.PUSH, List.of("main"), List.of(), List.of(), null)),
                List.of(build("amd64", null), build("arm64", "Linux.Arm64.Large"), manifest()));
    }

    private static Environment env() {
        return new Environment("demo", List.of(new Connection("development", "CodeCatalystPreviewDevelopmentAdministrator")));
    }

    private static Action build(String arch, String fleet) {
        return new Action("docker_build_" + arch, null, "aws/build@v1", List.of(), new Compute(ComputeType.EC2, fleet, null),
                null, env(), Map.of(), new Inputs(List.of("WorkflowSource"), List.of(), List.of(
                        new Variable("AWS_DEFAULT_REGION", "us-west-2"), new Variable("IMAGE_REPO_NAME", "hello-world"),
                        new Variable("IMAGE_TAG", "latest-" + arch))),
                Outputs.NONE, new Configuration(List.of(new Step(ACCOUNT),
                new Step("docker build -t " + REPO + ":$IMAGE_TAG ."), new Step(LOGIN),
                new Step("docker push " + REPO + ":$IMAGE_TAG")), null, Map.of()));
    }

    private static Action manifest() {
        return new Action("docker_manifest", null, "aws/build@v1", List.of("docker_build_arm64", "docker_build_amd64"),
                new Compute(ComputeType.EC2, null, null), null, env(), Map.of(),
                new Inputs(List.of("WorkflowSource"), List.of(), List.of(
                        new Variable("AWS_DEFAULT_REGION", "us-west-2"), new Variable("IMAGE_REPO_NAME", "hello-world"),
                        new Variable("IMAGE_TAG_AMD64", "latest-amd64"), new Variable("IMAGE_TAG_ARM64", "latest-arm64"))),
                Outputs.NONE, new Configuration(List.of(new Step(ACCOUNT), new Step(LOGIN),
                new Step("docker manifest create " + REPO + " " + REPO + ":$IMAGE_TAG_ARM64 " + REPO + ":$IMAGE_TAG_AMD64"),
                new Step("docker manifest annotate --arch amd64 " + REPO + " " + REPO + ":$IMAGE_TAG_AMD64"),
                new Step("docker manifest annotate --arch arm64 " + REPO + " " + REPO + ":$IMAGE_TAG_ARM64"),
                new Step("docker manifest push " + REPO)), null, Map.of()));
    }
}
