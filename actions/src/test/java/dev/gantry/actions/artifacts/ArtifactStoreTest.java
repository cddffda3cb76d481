package dev.gantry.actions.artifacts;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactStoreTest {
    @TempDir
    Path tmp;
    Path workspace;
    Path src;
    ArtifactStore store;
    FileSelector selector;
    InputLayout inputs;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(tmp.resolve("ws"));
        src = Files.createDirectories(workspace.resolve("src"));
        write("build/app.jar", "jar");
        write("build/libs/dep.jar", "dep");
        write("build/libs/deeper/x.jar", "x");
        write("README.md", "readme");
        write(".hidden/conf", "conf");
        store = new ArtifactStore(tmp.resolve("run/artifacts"));
        selector = new FileSelector(workspace);
        inputs = InputLayout.of(src, List.of(), workspace.resolve("inputs"));
    }

    @Test
    void collectsTheTreeKeepingRelativePathsAndModes() throws Exception {
        Path script = write("build/run.sh", "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));

        ArtifactSummary s = store.collect("BUILD_OUT", List.of("build/**/*"), inputs, selector);

        Path dir = store.dir("BUILD_OUT").orElseThrow();
        assertThat(s.files()).isEqualTo(4);
        assertThat(dir.resolve("build/libs/deeper/x.jar")).hasContent("x");
        assertThat(dir.resolve("README.md")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(dir.resolve("build/run.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(s.bytes()).isEqualTo(3 + 3 + 1 + 18);
    }

    @Test
    void directFilesOnlyForASingleStar() throws Exception {
        store.collect("LIBS", List.of("build/libs/*"), inputs, selector);
        Path dir = store.dir("LIBS").orElseThrow();
        assertThat(dir.resolve("build/libs/dep.jar")).exists();
        assertThat(dir.resolve("build/libs/deeper")).doesNotExist();
    }

    @Test
    void anEmptyArtifactFailsWithAClearMessageAndLeavesNothingBehind() {
        assertThatThrownBy(() -> store.collect("DIST", List.of("dist/**/*", "*.zip"), inputs, selector))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("output artifact 'DIST' is empty")
                .hasMessageContaining("'dist/**/*', '*.zip'");
        assertThat(store.dir("DIST")).isEmpty();
    }

    @Test
    void reportsPatternsThatMatchedNothingWhenOthersDid() throws Exception {
        ArtifactSummary s = store.collect("MIX", List.of("README.md", "nothing/*"), inputs, selector);
        assertThat(s.files()).isEqualTo(1);
        assertThat(s.unmatched()).containsExactly("nothing/*");
    }

    @Test
    void refusesASymlinkPointingOutOfTheWorkspace() throws Exception {
        Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
        Files.createDirectories(src.resolve("build"));
        Files.createSymbolicLink(src.resolve("build/leak.txt"), outside);
        assertThatThrownBy(() -> store.collect("LEAK", List.of("build/*"), inputs, selector))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("build/leak.txt")
                .hasMessageContaining("outside the workspace");
        assertThat(store.dir("LEAK")).isEmpty();
    }

    @Test
    void refusesAFolderSymlinkPointingOut() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("home/.ssh"));
        Files.writeString(outside.resolve("id_rsa"), "key");
        Files.createSymbolicLink(src.resolve("keys"), outside);
        assertThatThrownBy(() -> store.collect("KEYS", List.of("**/*"), inputs, selector))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> store.collect("KEYS", List.of("keys"), inputs, selector))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("outside the workspace");
    }

    @Test
    void refusesAPatternWhoseFolderIsALinkPointingOut() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("etc/conf"));
        Files.writeString(outside.resolve("shadow"), "x");
        Files.createSymbolicLink(src.resolve("out"), tmp.resolve("etc"));
        assertThatThrownBy(() -> store.collect("ETC", List.of("out/conf/*"), inputs, selector))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> store.collect("ETC", List.of("out/conf/shadow"), inputs, selector))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("outside the workspace");
    }

    @Test
    void followsLinksThatStayInside() throws Exception {
        Files.createSymbolicLink(src.resolve("build/current.jar"), src.resolve("build/app.jar"));
        store.collect("LINKED", List.of("build/current.jar"), inputs, selector);
        Path copied = store.dir("LINKED").orElseThrow().resolve("build/current.jar");
        assertThat(Files.isSymbolicLink(copied)).isFalse();
        assertThat(copied).hasContent("jar");
    }

    @Test
    void refusesDotDotAbsoluteAndBadNames() {
        assertThatThrownBy(() -> store.collect("UP", List.of("../ws/src/README.md"), inputs, selector))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("'..'");
        assertThatThrownBy(() -> store.collect("ABS", List.of("/etc/passwd"), inputs, selector))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> store.collect("../evil", List.of("README.md"), inputs, selector))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("not a valid artifact name");
        assertThatThrownBy(() -> store.place("../../etc", tmp.resolve("x")))
                .isInstanceOf(ArtifactException.class).hasMessageContaining("not a valid artifact name");
    }

    @Test
    void placesCopiesThatConsumersCanChangeFreely() throws Exception {
        store.collect("BUILD_OUT", List.of("build/app.jar"), inputs, selector);
        Path consumer = tmp.resolve("consumer/inputs/BUILD_OUT");
        ArtifactSummary placed = store.place("BUILD_OUT", consumer);
        assertThat(placed.files()).isEqualTo(1);
        Files.writeString(consumer.resolve("build/app.jar"), "changed");
        assertThat(store.dir("BUILD_OUT").orElseThrow().resolve("build/app.jar")).hasContent("jar");
        assertThatThrownBy(() -> store.place("NOPE", consumer)).hasMessageContaining("not produced in this run");
    }

    @Test
    void secondaryInputsByPrefix() throws Exception {
        Path other = Files.createDirectories(workspace.resolve("inputs/OTHER/out"));
        Files.writeString(other.resolve("a.txt"), "a");
        InputLayout two = InputLayout.of(src, List.of("OTHER"), workspace.resolve("inputs"));
        store.collect("FROM_OTHER", List.of("$CATALYST_SOURCE_DIR_OTHER/out/*"), two, selector);
        assertThat(store.dir("FROM_OTHER").orElseThrow().resolve("out/a.txt")).hasContent("a");
        assertThatThrownBy(() -> store.collect("X", List.of("${CATALYST_SOURCE_DIR_NOPE}/a"), two, selector))
                .hasMessageContaining("not an input of this action");
    }

    @Test
    void listsWithCountsAndSizes() throws Exception {
        store.collect("B", List.of("build/libs/**/*"), inputs, selector);
        store.collect("A", List.of("README.md"), inputs, selector);
        assertThat(store.list()).extracting(ArtifactSummary::name, ArtifactSummary::files, ArtifactSummary::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", 1L, 6L),
                        org.assertj.core.groups.Tuple.tuple("B", 2L, 4L));
    }

    private Path write(String rel, String content) throws IOException {
        Path p = src.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }
}
