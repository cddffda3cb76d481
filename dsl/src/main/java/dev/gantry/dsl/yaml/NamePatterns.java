package dev.gantry.dsl.yaml;

import java.util.regex.Pattern;

/** The character rules of names in a workflow (reference §5.1). */
final class NamePatterns {
    /** Workflow, action, group names; DependsOn items; input variable names. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    static final String NAME_CHARS = "letters, digits, '-' and '_'";

    /** Output and input artifact names: no hyphen. */
    static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9_]+");
    static final String ARTIFACT_CHARS = "letters, digits and '_'";

    /** Output variable names. */
    static final Pattern OUTPUT_VARIABLE = Pattern.compile("[A-Za-z0-9@_-]+");
    static final String OUTPUT_VARIABLE_CHARS = "letters, digits, '@', '-' and '_'";

    /** Cache names and restore keys: the SDK's set, which adds '.' to the user guide's. */
    static final Pattern CACHE = Pattern.compile("[A-Za-z0-9_.-]+");
    static final String CACHE_CHARS = "letters, digits, '.', '-' and '_'";

    /** Report names (may be empty in the SDK; an empty YAML key is unusual but allowed). */
    static final Pattern REPORT = Pattern.compile("[A-Za-z0-9_-]*");

    static final Pattern CONNECTION = Pattern.compile("[A-Za-z0-9_-]+");
    static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_+=,.@-]+");
    static final String ROLE_CHARS = "letters, digits and + = , . @ - _";

    static final Pattern PACKAGES_REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,99}");
    static final Pattern PACKAGES_SCOPE = Pattern.compile("@[A-Za-z0-9_-]+");

    /** {@code owner/name@vMAJOR[.MINOR[.PATCH]]}. */
    static final Pattern IDENTIFIER =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*@v[0-9]+(\\.[0-9]+){0,2}");
    static final Pattern IDENTIFIER_WITHOUT_VERSION =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");

    private NamePatterns() {
    }
}
