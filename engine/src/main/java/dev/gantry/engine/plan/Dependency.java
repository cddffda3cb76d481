package dev.gantry.engine.plan;

import org.jgrapht.graph.DefaultEdge;

/**
 * An edge of the {@link ActionGraph}: {@code to} waits for {@code from}.
 * JGraphT needs a distinct edge object per pair, so this is a class, not a record.
 */
public final class Dependency extends DefaultEdge {
    private static final long serialVersionUID = 1L;

    /** Why the edge exists. */
    public enum Kind {
        /** {@code DependsOn}, possibly through a group. */
        DEPENDS_ON,
        /** {@code to} references an output variable of {@code from}. */
        VARIABLE,
        /** {@code to} consumes an output artifact of {@code from}. */
        ARTIFACT
    }

    private final Kind kind;

    Dependency(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public String from() {
        return (String) getSource();
    }

    public String to() {
        return (String) getTarget();
    }
}
