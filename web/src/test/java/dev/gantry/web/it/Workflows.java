package dev.gantry.web.it;

import java.nio.file.Path;
import java.util.Map;

/**
 * The workflow files the web tests push: a PUSH-triggered pipeline (a group, DependsOn, variable and artifact
 * edges, ANSI colours and HTML in its log, a JUnit report with a failing test, an artifact), a manual one whose
 * first action sets an output variable and whose second prints a line every 0.2 s until the test drops a flag file,
 * and one with an approval gate.
 */
final class Workflows {
    private Workflows() {
    }

    static Map<String, String> all(Path flags) {
        return Map.of(
                ".codecatalyst/workflows/pipeline.yaml", PIPELINE.replace("FLAGS", flags.toString()),
                ".codecatalyst/workflows/slow.yaml", SLOW.replace("FLAGS", flags.toString()),
                ".codecatalyst/workflows/gated.yaml", GATED);
    }

    static final String PIPELINE = """
            Name: Pipeline
            SchemaVersion: "1.0"
            RunMode: PARALLEL
            Triggers:
              - Type: PUSH
                Branches: [main]
            Actions:
              Compile:
                Identifier: aws/build@v1
                Inputs:
                  Sources: [WorkflowSource]
                Outputs:
                  Variables: [VERSION]
                Configuration:
                  Steps:
                    - Run: printf '\\033[32mcompiled OK\\033[0m <b>not bold</b> <script>window.pwned=1</script>\\n'
                    - Run: VERSION=1.2.3
              Checks:
                DependsOn: [Compile]
                Actions:
                  Unit:
                    Identifier: aws/managed-test@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Outputs:
                      Reports:
                        UnitTests:
                          Format: JUNITXML
                          IncludePaths: [junit.xml]
                          SuccessCriteria:
                            PassRate: 100
                    Configuration:
                      Steps:
                        - Run: printf '<testsuite name="calc" tests="2" failures="1"><testcase classname="calc" name="adds"/><testcase classname="calc" name="divides_by_zero"><failure message="expected 0 but was 1">boom</failure></testcase></testsuite>' > junit.xml
                  Lint:
                    Identifier: aws/build@v1
                    Inputs:
                      Sources: [WorkflowSource]
                    Configuration:
                      Steps:
                        - Run: echo "linting version ${Compile.VERSION}"
              Package:
                Identifier: aws/build@v1
                DependsOn: [Compile]
                Inputs:
                  Sources: [WorkflowSource]
                Outputs:
                  Artifacts:
                    - Name: bundle
                      Files: [bundle.bin]
                Configuration:
                  Steps:
                    - Run: head -c 300000 /dev/urandom > bundle.bin && cp bundle.bin "FLAGS/bundle-$(date +%s%N).bin"
              Publish:
                Identifier: aws/build@v1
                Inputs:
                  Artifacts: [bundle]
                Configuration:
                  Steps:
                    - Run: ls -l bundle.bin
            """;

    static final String SLOW = """
            Name: Slow
            SchemaVersion: "1.0"
            RunMode: PARALLEL
            Actions:
              Stamp:
                Identifier: aws/build@v1
                Inputs:
                  Sources: [WorkflowSource]
                Outputs:
                  Variables: [STAMP]
                Configuration:
                  Steps:
                    - Run: STAMP="stamp-${FLAG:-none}"
              Stream:
                Identifier: aws/build@v1
                DependsOn: [Stamp]
                Inputs:
                  Sources: [WorkflowSource]
                Configuration:
                  Steps:
                    - Run: i=0; while [ ! -e "FLAGS/release-${FLAG:-none}" ]; do i=$((i+1)); echo "tick $i"; sleep 0.2; done; echo "released after $i ticks"
            """;

    static final String GATED = """
            Name: Gated
            SchemaVersion: "1.0"
            RunMode: PARALLEL
            Actions:
              Approve:
                Identifier: aws/approval@v1
                Configuration:
                  ApprovalsRequired: 1
              Deploy:
                Identifier: aws/build@v1
                DependsOn: [Approve]
                Inputs:
                  Sources: [WorkflowSource]
                Configuration:
                  Steps:
                    - Run: echo "deploying"
            """;
}
