package dev.gantry.engine.trigger;

import java.util.List;

/**
 * The repository-relative paths (forward slashes, no leading slash) an event changed, as {@code FilesChanged}
 * patterns are matched against them; or "not known" when nobody computed them (an offline question without
 * {@code --changed}, a webhook before the server looked at the commits).
 *
 * @param paths the changed paths (added, modified, deleted; a rename counts as both its old and its new path)
 * @param known whether {@code paths} is the real answer; when false a {@code FilesChanged} filter cannot be decided
 */
public record ChangedFiles(List<String> paths, boolean known) {
    public ChangedFiles {
        paths = List.copyOf(paths);
        if (!known && !paths.isEmpty()) {
            throw new IllegalArgumentException("unknown changes have no paths");
        }
    }

    /** These paths changed. */
    public static ChangedFiles of(List<String> paths) {
        return new ChangedFiles(paths, true);
    }

    /** Nobody knows (yet) which paths changed. */
    public static ChangedFiles unknown() {
        return new ChangedFiles(List.of(), false);
    }
}
