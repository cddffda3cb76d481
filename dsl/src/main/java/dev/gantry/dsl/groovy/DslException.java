package dev.gantry.dsl.groovy;

import dev.gantry.engine.diagnostic.SourcePosition;

/** Stops a workflow script: a DSL misuse or limit that makes going on pointless. Reported as one diagnostic. */
final class DslException extends RuntimeException {
    private final transient SourcePosition position;
    private final String rule;

    DslException(SourcePosition position, String rule, String message) {
        super(message, null, false, false);
        this.position = position;
        this.rule = rule;
    }

    SourcePosition position() {
        return position;
    }

    String rule() {
        return rule;
    }
}
