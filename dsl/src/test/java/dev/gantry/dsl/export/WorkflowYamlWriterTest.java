package dev.gantry.dsl.export;

import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.AutoDiscoverReports;
import dev.gantry.engine.model.Compute;
import dev.gantry.engine.model.ComputeType;
import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Inputs;
import dev.gantry.engine.model.Outputs;
import dev.gantry.engine.model.Report;
import dev.gantry.engine.model.RunMode;
import dev.gantry.engine.model.Step;
import dev.gantry.engine.model.SuccessCriteria;
import dev.gantry.engine.model.Threshold;
import dev.gantry.engine.model.Variable;
import dev.gantry.engine.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowYamlWriterTest {
    private final WorkflowYamlWriter writer = new WorkflowYamlWriter();

    @Test
    void writesTheSeedInTheServicesLayout() {
        String yaml = writer.write(SeedModel.workflow());
        assertThat(yaml).startsWith("""
                Name: multiarch
                SchemaVersion: "1.0"

                Triggers:
                  - Type: PUSH
                    Branches:
                      - main

                Actions:
                  docker_build_amd64:
                    Identifier: aws/build@v1
                    Compute:
                      Type: EC2
                    Environment:
                      Name: demo
                      Connections:
                        - Name: development
                          Role: CodeCatalystPreviewDevelopmentAdministrator
                    Inputs:
                      Sources:
                        - WorkflowSource
                      Variables:
                        - Name: AWS_DEFAULT_REGION
                          Value: us-west-2
                """);
        assertThat(yaml).contains("""
                        - Run: AWS_ACCOUNT_ID=`aws sts get-caller-identity --query "Account" --output text`
                """);
        assertThat(yaml).contains("\n\n  docker_manifest:\n    Identifier: aws/build@v1\n    DependsOn:\n"
                + "      - docker_build_arm64\n      - docker_build_amd64\n");
        assertThat(yaml).doesNotContain("&id").doesNotContain("!!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "yes", "no", "on", "off", "true", "TRUE", "y", "n", "~", "null", "123", "0x1F",
            "1_000", "2024-01-01", "1e3", ".5", "**/*", "a: b", "x #y", " lead", "trail ", "", "- item", "*alias",
            "&anchor", "!tag", "'q'", "\"dq\"", "%p", "@at", "`tick", "{a}", "[a]", "?", "key:", "a\\-b",
            "echo \"hi\" > out.txt", "line1\nline2", "line1\nline2\n", "line1\n\n", "  indented\nnext", "tab\there",
            "ünïcödé", "$VAR ${Build.IMAGE}", "0 2 * * ? *", ".inf", ".NaN", "<<", "="})
    void everyStringComesBackAsTheSameString(String value) {
        Workflow w = new Workflow(value.isEmpty() ? "x" : value, "1.0", null, null, List.of(), List.of(
                action("A", value)));
        String yaml = writer.write(w);
        Map<String, Object> doc = parse(yaml);
        Map<?, ?> a = (Map<?, ?>) ((Map<?, ?>) doc.get("Actions")).get("A");
        Map<?, ?> config = (Map<?, ?>) a.get("Configuration");
        Map<?, ?> step = (Map<?, ?>) ((List<?>) config.get("Steps")).get(0);
        assertThat(step.get("Run")).as(yaml).isEqualTo(value);
        assertThat(config.get("free")).as(yaml).isEqualTo(value);
        Map<?, ?> var = (Map<?, ?>) ((List<?>) ((Map<?, ?>) a.get("Inputs")).get("Variables")).get(0);
        assertThat(var.get("Value")).as(yaml).isEqualTo(value);
        assertThat(doc.get("SchemaVersion")).isEqualTo("1.0");
    }

    @Test
    void multiLineRunIsABlockLiteral() {
        Workflow w = new Workflow("x", "1.0", null, null, List.of(), List.of(action("A", "set -e\nmake\nmake test\n")));
        assertThat(writer.write(w)).contains("""
                        - Run: |
                            set -e
                            make
                            make test
                """);
    }

    @Test
    void freeFormValuesKeepTheirTypesAndSharedValuesAreNotAliased() {
        List<Object> shared = List.of("a", 1, 2.5, true);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("list", shared);
        props.put("again", shared);
        props.put("big", 12345678901L);
        props.put("nested", Map.of("k", List.of(Map.of("x", "yes"))));
        props.put("nothing", null);
        Workflow w = new Workflow("x", "1.0", RunMode.SUPERSEDED, new Compute(ComputeType.LAMBDA, null, true),
                List.of(), List.of(new Action("A", null, "aws/cdk-deploy@v2", List.of(), null, 30, null, Map.of(),
                Inputs.NONE, Outputs.NONE, new Configuration(List.of(), null, props))));
        String yaml = writer.write(w);
        assertThat(yaml).doesNotContain("&id").contains("SharedInstance: TRUE").contains("Type: Lambda")
                .contains("RunMode: SUPERSEDED").contains("Timeout: 30");
        Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) parse(yaml).get("Actions")).get("A"))
                .get("Configuration");
        assertThat(config.get("list")).isEqualTo(shared);
        assertThat(config.get("again")).isEqualTo(shared);
        assertThat(config.get("big")).isEqualTo(12345678901L);
        assertThat(config.get("nested")).isEqualTo(Map.of("k", List.of(Map.of("x", "yes"))));
        assertThat(config.containsKey("nothing")).isTrue();
    }

    @Test
    void reportsAndCriteriaInDocumentedOrder() {
        Map<String, Threshold> sa = new LinkedHashMap<>();
        sa.put("StaticAnalysisBug", new Threshold("HIGH", 0));
        Outputs outputs = new Outputs(List.of(), List.of("VAR1"),
                new AutoDiscoverReports(true, "Auto", List.of("**/*"), List.of(), null),
                Map.of("MyTests", new Report("MyTests", "JUNITXML", List.of("junit.xml"), List.of(),
                        new SuccessCriteria(100.0, 60.5, null, new Threshold("HIGH", 0), sa))));
        Workflow w = new Workflow("x", "1.0", null, null, List.of(), List.of(new Action("A", null, "aws/build@v1",
                List.of(), null, null, null, Map.of(), Inputs.NONE, outputs,
                new Configuration(List.of(new Step("make")), null, Map.of()))));
        assertThat(writer.write(w)).contains("""
                    Outputs:
                      Variables:
                        - VAR1
                      AutoDiscoverReports:
                        Enabled: true
                        ReportNamePrefix: Auto
                        IncludePaths:
                          - "**/*"
                      Reports:
                        MyTests:
                          Format: JUNITXML
                          IncludePaths:
                            - junit.xml
                          SuccessCriteria:
                            PassRate: 100
                            LineCoverage: 60.5
                            Vulnerabilities:
                              Severity: HIGH
                              Number: 0
                            StaticAnalysisBug:
                              Severity: HIGH
                              Number: 0
                """);
    }

    private static Action action(String name, String value) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("free", value);
        return new Action(name, null, "aws/build@v1", List.of(), null, null, null, Map.of(),
                new Inputs(List.of(), List.of(), List.of(new Variable("V", value))), Outputs.NONE,
                new Configuration(List.of(new Step(value)), null, props));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }
}
