package dev.gantry.dsl.groovy;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Action;
import dev.gantry.engine.model.ActionGroup;
import dev.gantry.engine.model.TriggerType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the DSL builds, where its elements come from, and how problems are reported. */
class GroovyWorkflowLoaderTest {
    private final GroovyWorkflowLoader loader = new GroovyWorkflowLoader();

    @TempDir
    Path dir;

    private static List<String> found(LoadedWorkflow w) {
        return w.diagnostics().stream().map(d -> d.position().line() + ":" + d.position().column() + " "
                + d.severity().label() + " " + d.rule()).toList();
    }

    @Test
    void theSourceMapPointsAtTheLinesThatBuiltEachElement() {
        LoadedWorkflow w = loader.load("""
                workflow('w') {
                  trigger push(branches: ['main', 'release-.*'])
                  action('Build') {
                    identifier 'aws/build@v1'
                    dependsOn 'Lint', 'Test'
                    inputs {
                      sources 'WorkflowSource'
                      variable 'A', 'b'
                    }
                    configuration {
                      steps {
                        sh 'make'
                      }
                    }
                  }
                }
                """, "w.groovy");
        var map = w.sourceMap();
        assertThat(map.keyOf("/Actions/Build")).isEqualTo(new SourcePosition(3, 10));
        assertThat(map.valueOf("/Actions/Build/Identifier")).isEqualTo(new SourcePosition(4, 16));
        assertThat(map.valueOf("/Actions/Build/DependsOn/0")).isEqualTo(new SourcePosition(5, 15));
        assertThat(map.valueOf("/Actions/Build/DependsOn/1")).isEqualTo(new SourcePosition(5, 23));
        assertThat(map.valueOf("/Triggers/0/Branches/1")).isEqualTo(new SourcePosition(2, 35));
        assertThat(map.valueOf("/Actions/Build/Inputs/Variables/0/Value")).isEqualTo(new SourcePosition(8, 21));
        assertThat(map.keyOf("/Actions/Build/Configuration/Steps/0/Run").line()).isEqualTo(12);
        assertThat(map.keyOf("/Actions/Build/Outputs").line()).as("unrecorded: nearest ancestor").isEqualTo(3);
    }

    @Test
    void theValidatorReportsAtTheGroovyLine() throws IOException {
        Path f = dir.resolve("w.groovy");
        Files.writeString(f, """
                workflow('w') {
                  action('A') {
                    identifier 'aws/build@v1'
                    dependsOn 'B'
                    inputs { sources 'WorkflowSource' }
                    configuration { steps { sh 'a' } }
                  }
                  action('B') {
                    identifier 'aws/build'
                    dependsOn 'A'
                    inputs { sources 'WorkflowSource' }
                    configuration { steps { sh 'b' } }
                  }
                }
                """);
        LoadedWorkflow w = new WorkflowFiles(ValidationOptions.DEFAULT).load(f, "w.groovy");
        assertThat(w.diagnostics()).extracting(Diagnostic::rule).contains("identifier");
        Diagnostic identifier = w.diagnostics().stream().filter(d -> d.rule().equals("identifier")).findFirst()
                .orElseThrow();
        assertThat(identifier.position()).isEqualTo(new SourcePosition(9, 16));
        Diagnostic cycle = w.diagnostics().stream().filter(d -> d.message().contains("A -> B -> A")
                || d.message().contains("B -> A -> B")).findFirst().orElseThrow();
        assertThat(cycle.position().line()).isIn(4, 10);
    }

    @Test
    void matrixExpandsAxesIntoPredictablyNamedActions() {
        LoadedWorkflow w = loader.load("""
                workflow('m') {
                  def builds = matrix('build', arch: ['amd64', 'arm64'], jdk: [17, '21.0']) { Map<String, String> axes ->
                    identifier 'aws/build@v1'
                    compute type: 'EC2', fleet: axes.arch == 'arm64' ? 'Linux.Arm64.Large' : null
                    inputs {
                      sources 'WorkflowSource'
                      variable 'JDK', axes.jdk
                      variable 'NAME', name
                    }
                    configuration { steps { sh "echo ${axes.arch}" } }
                  }
                  action('publish') {
                    identifier 'aws/build@v1'
                    dependsOn builds
                    inputs { sources 'WorkflowSource' }
                    configuration { steps { sh 'true' } }
                  }
                }
                """, "m.groovy");
        assertThat(w.diagnostics()).isEmpty();
        assertThat(w.workflow().actions()).extracting(Action::name).containsExactly("build_amd64_17",
                "build_amd64_21_0", "build_arm64_17", "build_arm64_21_0", "publish");
        Action arm = w.workflow().action("build_arm64_21_0").orElseThrow();
        assertThat(arm.compute().fleet()).isEqualTo("Linux.Arm64.Large");
        assertThat(arm.inputs().variables()).extracting(v -> v.name() + "=" + v.value())
                .containsExactly("JDK=21.0", "NAME=build_arm64_21_0");
        assertThat(arm.configuration().steps().get(0).run()).isEqualTo("echo arm64");
        assertThat(w.workflow().action("publish").orElseThrow().dependsOn()).hasSize(4);
        assertThat(w.sourceMap().valueOf("/Actions/build_arm64_17/Compute/Fleet").line()).isEqualTo(4);
    }

    @Test
    void groupsHelperFunctionsAndAllTriggerKinds() {
        LoadedWorkflow w = loader.load("""
                void test(GroupSpec g, String suite) {
                  g.action("test_${suite}") {
                    identifier 'aws/managed-test@v1'
                    inputs { sources 'WorkflowSource' }
                    configuration { steps { sh "make ${suite}" } }
                  }
                }
                workflow('g') {
                  runMode 'superseded'
                  trigger pullRequest(events: ['open', 'REVISION'], branches: ['main'])
                  trigger schedule(expression: '0 2 * * ? *', branches: ['main'])
                  trigger manual()
                  group('Tests') { g ->
                    ['unit', 'it'].each { test(g, it) }
                  }
                }
                """, "g.groovy");
        assertThat(found(w)).isEmpty();
        assertThat(w.workflow().runMode()).hasToString("SUPERSEDED");
        assertThat(w.workflow().triggers()).extracting(t -> t.type()).containsExactly(TriggerType.PULLREQUEST,
                TriggerType.SCHEDULE, TriggerType.MANUAL);
        assertThat(w.workflow().triggers().get(0).events()).containsExactly("OPEN", "REVISION");
        ActionGroup g = (ActionGroup) w.workflow().nodes().get(0);
        assertThat(g.actions()).extracting(Action::id).containsExactly("Tests.test_unit", "Tests.test_it");
    }

    @Test
    void compileErrorsComeWithLineAndColumn() {
        LoadedWorkflow w = loader.load("workflow('w') {\n  action('A') {\n    identifier 'x' +\n  }\n}\n", "s.groovy");
        assertThat(w.workflow()).isNull();
        assertThat(w.diagnostics()).allSatisfy(d -> assertThat(d.rule()).isEqualTo("groovy-compile"));
        assertThat(w.diagnostics().get(0).position().line()).isBetween(3, 4);
        assertThat(w.diagnostics().get(0).position().column()).isPositive();
    }

    @Test
    void runtimeErrorsComeWithTheScriptLine() {
        LoadedWorkflow w = loader.load("""
                Map<String, String> fleets = [amd64: 'x']
                workflow('w') {
                  action('A') {
                    identifier 'aws/build@v1'
                    timeout fleets.get('arm64').length()
                  }
                }
                """, "r.groovy");
        assertThat(w.workflow()).isNull();
        assertThat(w.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("groovy-runtime");
            assertThat(d.position().line()).isEqualTo(5);
            assertThat(d.message()).startsWith("NullPointerException");
        });
        LoadedWorkflow a = loader.load("workflow('w') {\n  assert 1 + 1 == 3 : 'arithmetic'\n}\n", "a.groovy");
        assertThat(a.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("groovy-runtime");
            assertThat(d.position().line()).isEqualTo(2);
            assertThat(d.message()).contains("arithmetic");
        });
    }

    @Test
    void misuseOfTheDslIsReportedWhereItHappens() {
        LoadedWorkflow w = loader.load("""
                workflow('w') {
                  runMode 'FAST'
                  compute type: 'GPU'
                  action('A') {
                    identifier 'aws/build@v1'
                    identifier 'aws/build@v2'
                    inputs { sources 'WorkflowSource' }
                    configuration { steps { sh 'a' } }
                  }
                  action('A') {
                    identifier 'aws/build@v1'
                  }
                }
                """, "m.groovy");
        assertThat(found(w)).containsExactly("2:11 error enum", "3:3 error required", "3:17 error enum",
                "6:5 error duplicate-key",
                "10:10 error duplicate-key");
        assertThat(loader.load("def x = 1\n", "none.groovy").diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.rule()).isEqualTo("groovy-dsl"));
        assertThat(found(loader.load("workflow('a') { }\nworkflow('b') { }\n", "two.groovy")))
                .containsExactly("2:1 error groovy-dsl");
    }

    @Test
    void theYamlRulesApplyToDslModels() {
        LoadedWorkflow w = loader.load("""
                workflow('has spaces') {
                  action('A') {
                    identifier 'aws/build@v1'
                    inputs { sources 'WorkflowSource' }
                    outputs { artifact 'bad-name', files: ['x'] }
                    configuration { steps { sh 'a' } }
                  }
                }
                """, "y.groovy");
        assertThat(w.diagnostics()).filteredOn(d -> d.severity() == Severity.ERROR)
                .extracting(d -> d.position().line() + " " + d.rule())
                .containsExactly("1 name-pattern", "5 name-pattern");
    }
}
