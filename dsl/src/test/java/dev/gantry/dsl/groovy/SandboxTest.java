package dev.gantry.dsl.groovy;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each forbidden thing is refused at compile time with a [groovy-sandbox] diagnostic at its line, and never runs:
 * the scripts try to create a file, and the file must not exist afterwards.
 */
class SandboxTest {
    /** A generous wall-clock limit: the compile is inside it, and the machine running the tests may be loaded. */
    private final GroovyWorkflowLoader loader = new GroovyWorkflowLoader(Duration.ofSeconds(20), 20);

    @TempDir
    Path dir;

    private static final String VALID = """
            workflow('w') {
              action('A') {
                identifier 'aws/build@v1'
              }
            }
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            process execute             | "touch MARKER".execute()
            process execute on a list   | ['touch', 'MARKER'].execute()
            Runtime.exec                | Runtime.getRuntime().exec('touch MARKER')
            ProcessBuilder              | new ProcessBuilder('touch', 'MARKER').start()
            File constructor            | new File('MARKER').text = 'x'
            File by full name           | new java.io.File('MARKER').createNewFile()
            File by cast                | (['MARKER'] as File).createNewFile()
            File by declaration         | File f = ['MARKER']; f.createNewFile()
            Files.write                 | java.nio.file.Files.write(java.nio.file.Paths.get('MARKER'), [1] as byte[])
            URL                         | new URL('http://127.0.0.1:9/').text
            toURL                       | 'http://127.0.0.1:9/MARKER'.toURL().text
            socket                      | new Socket('127.0.0.1', 9)
            System.exit                 | System.exit(3)
            System.getenv               | def home = System.getenv('HOME')
            Class.forName               | Class.forName('java.lang.Runtime')
            getClass                    | ''.getClass().forName('java.lang.Runtime')
            class property              | def c = ''.class
            class loader                | def l = this.class.classLoader
            metaClass                   | String.metaClass.foo = { -> 'touch MARKER'.execute() }
            invokeMethod                | 'touch MARKER'.invokeMethod('execute', null)
            computed method name        | def m = 'exe' + 'cute'; 'touch MARKER'."$m"()
            method pointer              | def p = 'touch MARKER'.&execute; p()
            evaluate                    | evaluate('"touch MARKER".execute()')
            GroovyShell                 | new GroovyShell().evaluate('"touch MARKER".execute()')
            Eval                        | Eval.me('"touch MARKER".execute()')
            binding                     | binding.setVariable('x', 1)
            closure owner               | def o = { -> 1 }.owner
            Thread                      | Thread.start { 'touch MARKER'.execute() }
            sleep                       | sleep(100000)
            println                     | println 'hello'
            subscript as property       | def c = 'x'['class']
            list property by name       | def c = ['x'].getAt('class')
            system property             | def p = Integer.getInteger('user.home')
            methodMissing hook          | def methodMissing(String name, Object args) { 'touch MARKER'.execute() }
            run override                | def run(int x) { x }
            stream                      | [1].stream()
            try catch                   | try { assert false } catch (e) { }
            class declaration           | class Evil { static { 'touch MARKER'.execute() } }
            import                      | import java.io.File
            star import                 | import java.nio.file.*
            static import               | import static java.lang.System.exit
            Grab                        | @Grab('org.example:evil:1.0') import java.util.List
            ASTTest runs at compile     | @groovy.transform.ASTTest(value = { new File('MARKER').createNewFile() }) def x = 1
            script field                | @groovy.transform.Field String s = 'x'
            """)
    void refusedAndNotRun(String what, String code) throws Exception {
        Path marker = dir.resolve("marker-" + what.replace(' ', '-'));
        String line = code.replace("MARKER", marker.toString());
        String script = line + "\n" + VALID;
        LoadedWorkflow loaded = loader.load(script, "evil.groovy");
        assertThat(loaded.diagnostics()).as(what).isNotEmpty();
        assertThat(loaded.diagnostics()).as(what).allSatisfy(d -> {
            assertThat(d.rule()).isIn("groovy-sandbox", "groovy-compile");
            assertThat(d.position().line()).isEqualTo(1);
        });
        assertThat(loaded.diagnostics()).as(what).anySatisfy(d -> assertThat(d.rule()).isEqualTo("groovy-sandbox"));
        assertThat(loaded.workflow()).isNull();
        assertThat(Files.exists(marker)).as(what + " must not have run").isFalse();
    }

    @Test
    void aMessageSaysWhatIsRefusedAndWhere() {
        LoadedWorkflow loaded = loader.load("workflow('w') {\n  action('A') {\n    identifier 'aws/build@v1'\n"
                + "    def out = 'ls'.execute()\n  }\n}\n", "w.groovy");
        Diagnostic d = loaded.diagnostics().get(0);
        assertThat(d.format()).isEqualTo("w.groovy:4:20: error: not allowed in a workflow file: 'execute' (it would "
                + "run a process) [groovy-sandbox]");
    }

    @Test
    void anEndlessLoopIsStoppedAtItsLine() {
        long start = System.nanoTime();
        LoadedWorkflow loaded = new GroovyWorkflowLoader(Duration.ofSeconds(8), 20).load(
                "workflow('w') {\n  int i = 0\n  while (true) {\n    i++\n  }\n}\n", "loop.groovy");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the one wall-clock limit holds")
                .isLessThan(Duration.ofSeconds(8 * 6 + 5));
        assertThat(loaded.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("groovy-timeout");
            assertThat(d.position().line()).isBetween(3, 4);
        });
        assertThat(loaded.workflow()).isNull();
    }

    @Test
    void tooManyActionsStopTheScript() {
        LoadedWorkflow loaded = loader.load("workflow('w') {\n  (1..1000).each { int i ->\n    action(\"a$i\") {\n"
                + "      identifier 'aws/build@v1'\n    }\n  }\n}\n", "many.groovy");
        assertThat(loaded.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.rule()).isEqualTo("groovy-limit");
            assertThat(d.position().line()).isEqualTo(3);
            assertThat(d.message()).contains("more than 20 actions");
        });
    }

    @Test
    void plainGroovyStillWorks() {
        LoadedWorkflow loaded = loader.load("""
                def archs = ['amd64', 'arm64']
                def tag = { String arch -> "latest-${arch}".toUpperCase() }
                int n = 0
                for (int i = 0; i < 3; i++) { n += i }
                workflow('w') {
                  archs.eachWithIndex { arch, i ->
                    action("build_${arch}") {
                      identifier 'aws/build@v1'
                      timeout 10 + i + n
                      inputs { variable 'TAG', tag(arch) }
                      inputs { sources 'WorkflowSource' }
                      configuration { steps { sh 'make ' + archs.collect { it.capitalize() }.join(' ') } }
                    }
                  }
                  action('join') {
                    identifier 'example/custom@v1'
                    dependsOn archs.collect { "build_$it" }
                    inputs { sources 'WorkflowSource' }
                    configuration {
                      property 'Map', [a: 1, b: [1.5, true, null], 'c-d': "x${1 + 1}"]
                      property 'Script', '''multi
                line'''
                    }
                  }
                }
                """, "ok.groovy");
        assertThat(loaded.diagnostics()).extracting(Diagnostic::severity).doesNotContain(
                dev.gantry.engine.diagnostic.Severity.ERROR);
        assertThat(loaded.workflow().actions()).hasSize(3);
        assertThat(loaded.workflow().action("build_arm64").orElseThrow().timeoutMinutes()).isEqualTo(14);
        assertThat(loaded.workflow().action("build_arm64").orElseThrow().inputs().variables().get(0).value())
                .isEqualTo("LATEST-ARM64");
        assertThat(loaded.workflow().action("join").orElseThrow().dependsOn()).containsExactly("build_amd64",
                "build_arm64");
        assertThat(loaded.workflow().action("join").orElseThrow().configuration().properties().get("Map"))
                .isEqualTo(java.util.Map.of("a", 1, "b", java.util.Arrays.asList(1.5, true, null), "c-d", "x2"));
        assertThat(loaded.workflow().action("join").orElseThrow().configuration().properties().get("Script"))
                .isEqualTo("multi\nline");
    }

    @Test
    void baseScriptNamingTheDslIsTheOneAnnotationAllowed() {
        String body = "workflow('w') {\n  action('A') {\n    identifier 'aws/build@v1'\n"
                + "    inputs { sources 'WorkflowSource' }\n    configuration { steps { sh 'make' } }\n  }\n}\n";
        LoadedWorkflow ide = loader.load("@groovy.transform.BaseScript WorkflowScript script\n" + body, "ide.groovy");
        assertThat(ide.diagnostics()).isEmpty();
        assertThat(ide.workflow().actions()).hasSize(1);
        LoadedWorkflow other = loader.load("@groovy.transform.BaseScript(groovy.lang.Script) def s\n" + body,
                "other.groovy");
        assertThat(other.diagnostics()).extracting(Diagnostic::rule).containsExactly("groovy-sandbox");
    }
}
