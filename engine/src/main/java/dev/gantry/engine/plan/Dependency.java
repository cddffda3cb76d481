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
    private final java.util.EnumSet<Kind> kinds;

    Dependency(Kind kind) {
        this.kind = kind;
        this.kinds = java.util.EnumSet.of(kind);
    }

    /** The first reason found, in the order DependsOn, artifact, variable. */
    public Kind kind() {
        return kind;
    }

    /** Every reason for the edge (e.g. DependsOn and a variable reference), in declaration order of the enum. */
    public java.util.Set<Kind> kinds() {
        return java.util.Collections.unmodifiableSet(kinds);
    }

    void addKind(Kind k) {
        kinds.add(k);
    }

    public String from() {
        return (String) getSource();
    }

    public String to() {
        return (String) getTarget();
    }
}
