package dev.gantry.dsl.groovy;

import dev.gantry.dsl.LoadedWorkflow;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every ```groovy example of docs/groovy-dsl.md compiles in the sandbox and runs. */
class DocumentationExamplesTest {
    @TestFactory
    Stream<DynamicTest> everyGroovyExampleOfTheDocumentationLoads() throws IOException {
        Path doc = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && doc == null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/groovy-dsl.md"))) {
                doc = p.resolve("docs/groovy-dsl.md");
            }
        }
        assertThat(doc).as("docs/groovy-dsl.md above " + Path.of("").toAbsolutePath()).isNotNull();
        Matcher m = Pattern.compile("```groovy\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        List<String> examples = new ArrayList<>();
        while (m.find()) {
            examples.add(m.group(1));
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
        GroovyWorkflowLoader loader = new GroovyWorkflowLoader();
        return examples.stream().map(code -> DynamicTest.dynamicTest(code.lines().findFirst().orElse(""), () -> {
            LoadedWorkflow w = loader.load(code, "example.groovy");
            assertThat(w.diagnostics()).filteredOn(d -> d.rule().startsWith("groovy-")).as(code).isEmpty();
            assertThat(w.workflow()).as(code).isNotNull();
        }));
    }
}
