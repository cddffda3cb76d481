package dev.gantry.dsl.file;

import dev.gantry.engine.diagnostic.SourcePosition;

/**
 * Why an {@link InputFile} could not be read, said for people ({@link #getMessage()}), with the position of a bad
 * byte for {@link Reason#ENCODING}.
 */
public final class UnreadableFile extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal; callers may word {@link #TOO_LARGE} for their own limit. */
    public enum Reason { MISSING, DENIED, NOT_REGULAR, TOO_LARGE, ENCODING, IO }

    private final Reason reason;
    private final long size;
    private final transient SourcePosition position;

    UnreadableFile(Reason reason, String message, long size) {
        this(reason, message, size, SourcePosition.UNKNOWN);
    }

    UnreadableFile(Reason reason, String message, long size, SourcePosition position) {
        super(message, null, false, false);
        this.reason = reason;
        this.size = size;
        this.position = position;
    }

    public Reason reason() {
        return reason;
    }

    /** The file's size in bytes for {@link Reason#TOO_LARGE} (at least the limit plus one), else -1. */
    public long size() {
        return size;
    }

    /** Where in the file the problem is ({@link SourcePosition#UNKNOWN} but for {@link Reason#ENCODING}). */
    public SourcePosition position() {
        return position;
    }
}
