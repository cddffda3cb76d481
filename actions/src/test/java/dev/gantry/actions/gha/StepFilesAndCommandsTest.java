package dev.gantry.actions.gha;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The formats a GitHub step writes: {@code $GITHUB_OUTPUT}-style files, workflow commands, {@code uses:} names. */
class StepFilesAndCommandsTest {
    @Test
    void outputFilesTakePairsAndDelimitedBlocks() {
        List<String> problems = new ArrayList<>();
        Map<String, String> pairs = StepScript.pairs("a=1\nb=x=y\r\nnotes<<EOF\nline1\n\nline3\nEOF\n"
                + "broken line\nopen<<END\nnever closed\n", problems::add);
        assertThat(pairs).containsEntry("a", "1").containsEntry("b", "x=y").containsEntry("notes", "line1\n\nline3")
                .containsEntry("open", "never closed");
        assertThat(problems).hasSize(2).anyMatch(p -> p.contains("without '='"))
                .anyMatch(p -> p.contains("not closed"));
    }

    @Test
    void workflowCommandsAreParsedAndUnescaped() {
        WorkflowCommand c = WorkflowCommand.parse("::set-output name=a%3Ab,x=1::v%0Aw%25");
        assertThat(c.name()).isEqualTo("set-output");
        assertThat(c.properties()).containsEntry("name", "a:b").containsEntry("x", "1");
        assertThat(c.data()).isEqualTo("v\nw%");
        assertThat(WorkflowCommand.parse("::add-mask::s3cret").data()).isEqualTo("s3cret");
        assertThat(WorkflowCommand.parse("plain :: text")).isNull();
        assertThat(WorkflowCommand.parse(":: not a command::")).isNull();
    }

    @Test
    void fileLinesNeedTheStepsMarker() {
        assertThat(StepScript.fileLine("GANTRY_GHA_ab OUTPUT a=1 b", "GANTRY_GHA_ab"))
                .isEqualTo(Map.entry("OUTPUT", "a=1 b"));
        assertThat(StepScript.fileLine("no newline yetGANTRY_GHA_ab ENV ", "GANTRY_GHA_ab"))
                .isEqualTo(Map.entry("ENV", ""));
        assertThat(StepScript.fileLine("GANTRY_GHA_cd OUTPUT a=1", "GANTRY_GHA_ab")).isNull();
    }

    @Test
    void usesNamesOwnerRepoPathAndRef() {
        assertThat(ActionRef.parse("actions/setup-java@v2"))
                .isEqualTo(new ActionRef("actions", "setup-java", "", "v2"));
        assertThat(ActionRef.parse("github/codeql-action/init@v3"))
                .isEqualTo(new ActionRef("github", "codeql-action", "init", "v3"));
        assertThat(ActionRef.parse("./local")).isNull();
        assertThat(ActionRef.parse("owner/repo/../escape@v1")).isNull();
        assertThat(GithubActionSteps.words("-c \"echo a b\"  x")).containsExactly("-c", "echo a b", "x");
    }
}
