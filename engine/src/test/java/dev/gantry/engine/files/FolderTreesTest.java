package dev.gantry.engine.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class FolderTreesTest {
    @TempDir
    Path tmp;

    @Test
    void deletesATreeWithReadOnlyFoldersWithoutFollowingLinks() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept.txt"), "keep me");
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f.txt"), "x");
        Files.createSymbolicLink(tmp.resolve("tree/link-out"), outside);
        Files.setPosixFilePermissions(tmp.resolve("tree/a"), PosixFilePermissions.fromString("r-xr-xr-x"));

        FolderTrees.deleteTree(tmp.resolve("tree"));

        assertThat(tmp.resolve("tree")).doesNotExist();
        assertThat(kept).hasContent("keep me");
    }

    @Test
    void aMissingTreeIsNothingToDo() throws Exception {
        FolderTrees.deleteTree(tmp.resolve("nope"));
        FolderTrees.deleteQuietly(tmp.resolve("nope"));
        assertThat(tmp).isEmptyDirectory();
    }
}
