package dev.gantry.cli;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.groovy.GroovyWorkflowLoader;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code gantry export} and {@code gantry convert}: what they write, where, and their exit codes. */
class ExportConvertCommandTest {
    private static final Path REFERENCE = Path.of("..", "examples", "hello-world-multiarch", ".codecatalyst",
            "workflows", "multiarch.yaml");

    @TempDir
    Path dir;

    private static CommandRun gantry(String... args) {
        return CommandRun.gantry(args);
    }

    private Path dsl(String text) throws IOException {
        Path f = dir.resolve("w.groovy");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void exportWritesYamlToStandardOutputThatLoadsAsTheSameModel() throws IOException {
        Path f = dsl("""
                workflow('hello') {
                  trigger push(branches: ['main'])
                  ['amd64', 'arm64'].each { arch ->
                    action("build_${arch}") {
                      identifier 'aws/build@v1'
                      compute type: 'EC2', fleet: arch == 'arm64' ? 'Linux.Arm64.Large' : null
                      inputs { sources 'WorkflowSource' }
                      configuration { steps { sh 'echo $HOSTNAME' } }
                    }
                  }
                }
                """);
        CommandRun r = gantry("export", f.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("# Written by `gantry export` from w.groovy.\n")
                .contains("  build_arm64:\n    Identifier: aws/build@v1\n    Compute:\n      Type: EC2\n"
                        + "      Fleet: Linux.Arm64.Large\n");
        LoadedWorkflow reloaded = new YamlWorkflowLoader().parse(r.out(), "out.yaml");
        assertThat(reloaded.diagnostics()).isEmpty();
        assertThat(reloaded.workflow()).isEqualTo(new GroovyWorkflowLoader().load(f, "w.groovy").workflow());
    }

    @Test
    void exportWithOutputWritesTheFile() throws IOException {
        Path f = dsl("workflow('w') { action('A') { identifier 'aws/build@v1'\n"
                + "configuration { steps { sh 'make' } } } }\n");
        Path out = dir.resolve("out/.codecatalyst/workflows/w.yaml");
        CommandRun r = gantry("export", f.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("wrote " + out.toString().replace('\\', '/'));
        assertThat(Files.readString(out)).contains("Name: w\nSchemaVersion: \"1.0\"\n");
    }

    @Test
    void aWorkflowWithErrorsIsReportedAtItsGroovyLinesAndNotWritten() throws IOException {
        Path f = dsl("""
                workflow('w') {
                  action('Build') {
                    identifier 'aws/build@v1'
                    dependsOn 'Nope'
                    configuration { steps { sh 'make' } }
                  }
                }
                """);
        Path out = dir.resolve("w.yaml");
        CommandRun r = gantry("export", f.toString(), "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(f.toString().replace('\\', '/') + ":4:15: error: ")
                .contains("[depends-on-unknown]").contains("nothing written").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    @Test
    void compileErrorsAreDiagnosticsNotStackTraces() throws IOException {
        Path f = dsl("workflow('w') {\n  action('A') {\n    identifer 'aws/build@v1'\n  }\n}\n");
        CommandRun r = gantry("export", f.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(":3:5: error: ").contains("identifer").contains("[groovy-compile]")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingFileIsAUsageError() {
        CommandRun r = gantry("export", dir.resolve("nope.groovy").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no such file");
    }

    @Test
    void convertWritesTheReferenceWorkflowAsDslThatLoadsAsTheSameModel() throws IOException {
        CommandRun r = gantry("convert", REFERENCE.toString(), "--to", "groovy");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("// Converted from multiarch.yaml by `gantry convert`.\n")
                .contains("    action('docker_manifest') {\n        identifier 'aws/build@v1'\n"
                        + "        dependsOn 'docker_build_arm64', 'docker_build_amd64'\n");
        Path converted = dir.resolve("multiarch.groovy");
        Files.writeString(converted, r.out());
        LoadedWorkflow fromDsl = new GroovyWorkflowLoader().load(converted, "multiarch.groovy");
        assertThat(fromDsl.diagnostics()).isEmpty();
        assertThat(fromDsl.workflow()).isEqualTo(new YamlWorkflowLoader().load(REFERENCE, "m.yaml").workflow());
    }

    @Test
    void convertNeedsAKnownSyntax() {
        CommandRun r = gantry("convert", REFERENCE.toString(), "--to", "json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--to takes groovy or yaml");
    }

    @Test
    void convertRefusesToOverwriteItsInput() throws IOException {
        Path copy = dir.resolve("m.yaml");
        Files.copy(REFERENCE, copy);
        CommandRun r = gantry("convert", copy.toString(), "--to", "yaml", "-o", copy.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(Files.readString(copy)).isEqualTo(Files.readString(REFERENCE));
    }

    /** JVM start-up matters: a YAML workflow must be handled without loading a single Groovy class. */
    @Test
    void theYamlPathLoadsNoGroovyClass() throws Exception {
        List<String> yamlRun = classesLoaded("export", REFERENCE.toAbsolutePath().toString());
        assertThat(yamlRun).anyMatch(c -> c.startsWith("dev.gantry.dsl.yaml."));
        assertThat(yamlRun).noneMatch(c -> c.startsWith("groovy.") || c.startsWith("org.codehaus.groovy.")
                || c.startsWith("org.apache.groovy.") || c.startsWith("dev.gantry.dsl.groovy."));
        Path f = dsl("workflow('w') { action('A') { identifier 'aws/build@v1'\n"
                + "configuration { steps { sh 'make' } } } }\n");
        assertThat(classesLoaded("export", f.toAbsolutePath().toString()))
                .as("the check can fail: a .groovy file does load Groovy").anyMatch(c -> c.startsWith("groovy."));
    }

    private List<String> classesLoaded(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off", "-Xlog:class+load=info:stdout", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), GantryCommand.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output.length() > 4000 ? output.substring(output.length() - 4000) : output)
                .isZero();
        List<String> classes = new ArrayList<>();
        for (String line : output.split("\n")) {
            int i = line.indexOf("[class,load] ");
            if (i >= 0) {
                String rest = line.substring(i + "[class,load] ".length());
                int space = rest.indexOf(' ');
                classes.add(space < 0 ? rest : rest.substring(0, space));
            }
        }
        return classes;
    }
}
