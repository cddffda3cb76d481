package dev.gantry.examples;

import dev.gantry.cli.GantryCommand;
import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The Groovy DSL examples: {@code dsl-multiarch} is the reference workflow; {@code dsl-matrix} runs. */
class DslExamplesTest {
    private static final Path REFERENCE = Path.of("hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml");
    private static final Path MULTIARCH = Path.of("dsl-multiarch/.gantry/workflows/multiarch.groovy");
    private static final Path MATRIX = Path.of("dsl-matrix/.gantry/workflows/matrix.groovy");
    private static final Path MATRIX_YAML = Path.of("dsl-matrix/.codecatalyst/workflows/matrix.yaml");

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run gantry(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = GantryCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theMultiarchDslExportsToTheUnmodifiedReferenceWorkflow() {
        LoadedWorkflow dsl = new WorkflowFiles(ValidationOptions.DEFAULT).load(MULTIARCH, "multiarch.groovy");
        assertThat(dsl.diagnostics()).isEmpty();
        Run export = gantry("export", MULTIARCH.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).isEmpty();
        LoadedWorkflow exported = new YamlWorkflowLoader().parse(export.out(), "exported.yaml");
        LoadedWorkflow reference = new YamlWorkflowLoader().load(REFERENCE, "multiarch.yaml");
        assertThat(exported.diagnostics()).isEmpty();
        assertThat(exported.workflow()).isEqualTo(reference.workflow());
        assertThat(dsl.workflow()).isEqualTo(reference.workflow());
    }

    @Test
    void theMatrixExampleValidatesCleanAndItsCommittedYamlIsItsExport() throws Exception {
        LoadedWorkflow dsl = new WorkflowFiles(ValidationOptions.DEFAULT).load(MATRIX, "matrix.groovy");
        assertThat(dsl.diagnostics()).isEmpty();
        assertThat(dsl.workflow().actions()).extracting(a -> a.name() + " "
                + (a.compute() == null ? "-" : a.compute().effectiveFleet())
                + (a.configuration().container() == null ? "" : " " + a.configuration().container().image()))
                .containsExactly("build_amd64_17 Linux.x86-64.Large eclipse-temurin:17-jdk",
                        "build_amd64_21 Linux.x86-64.Large eclipse-temurin:21-jdk",
                        "build_arm64_17 Linux.Arm64.Large eclipse-temurin:17-jdk",
                        "build_arm64_21 Linux.Arm64.Large eclipse-temurin:21-jdk",
                        "summary -");
        Run export = gantry("export", MATRIX.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).as("re-export with: ./gantry export examples/" + MATRIX + " -o examples/"
                + MATRIX_YAML).isEqualTo(Files.readString(MATRIX_YAML));
        assertThat(new WorkflowFiles(ValidationOptions.DEFAULT).load(MATRIX_YAML, "matrix.yaml").diagnostics())
                .isEmpty();
    }

    @Test
    void theMatrixRunsWhereArm64CanRunAndIsRefusedBeforeAnythingRunsWhereNot() throws Exception {
        Path example = copy(Path.of("dsl-matrix"), tmp.resolve("dsl-matrix"));
        String workflow = example.resolve(".gantry/workflows/matrix.groovy").toString();
        Run run = gantry("run", workflow, "--json", "--concurrency", "4", "--host");
        if (run.exit() == 3 && run.err().contains("[runner-none]")) {
            // This machine has no arm64 runner (no qemu in binfmt_misc, or no Docker engine for the emulated one):
            // the plan names both arm64 actions and runs nothing; the amd64 half still runs on its own.
            assertThat(run.err()).contains("action 'build_arm64_17'", "action 'build_arm64_21'", "nothing was run")
                    .doesNotContain("action 'build_amd64");
            assertThat(run.out()).doesNotContain("action.started");
            Run amd64 = gantry("run", workflow, "--json", "--host", "--action", "build_amd64_17", "--action",
                    "build_amd64_21");
            assertThat(amd64.exit()).as(amd64.out() + amd64.err()).isZero();
            assertThat(QuickstartTest.event(amd64.out(), "action.finished", "build_amd64_21"))
                    .contains("\"status\":\"succeeded\"");
            assertThat(amd64.out()).doesNotContain("build_arm64");
            return;
        }
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        for (String a : new String[] {"build_amd64_17", "build_amd64_21", "build_arm64_17", "build_arm64_21",
                "summary"}) {
            assertThat(QuickstartTest.event(run.out(), "action.finished", a)).contains("\"status\":\"succeeded\"");
        }
        assertThat(run.out()).contains("RESULT_build_arm64_21=arm64/jdk21 ok").contains("4 combinations built");
        assertThat(QuickstartTest.time(run.out(), "action.started", "summary"))
                .isAfter(QuickstartTest.time(run.out(), "action.finished", "build_arm64_21"));
    }

    /** Copies an example folder, leaving out run records ({@code .gantry/runs}) but keeping {@code .gantry/workflows}. */
    private static Path copy(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(p -> !p.toString().contains(".gantry/runs")).toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
        return to;
    }
}
