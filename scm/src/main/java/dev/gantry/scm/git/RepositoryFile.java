package dev.gantry.scm.git;

import java.nio.charset.StandardCharsets;

/**
 * A file as it is in a commit.
 *
 * @param path    repository-relative, forward slashes
 * @param content its bytes
 */
public record RepositoryFile(String path, byte[] content) {
    public RepositoryFile {
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as UTF-8 text. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }
}
