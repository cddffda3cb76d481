package dev.gantry.engine.github;

import java.util.List;

/** A parsed GitHub Actions expression (the text inside {@code ${{ }}}); {@code offset} is where it starts. */
public sealed interface Expr {
    int offset();

    /** {@code null}, {@code true}, a number or a string literal. */
    record Literal(Object value, int offset) implements Expr {
    }

    /** A context name at the start of a path: {@code github}, {@code steps}, ... */
    record ContextRef(String name, int offset) implements Expr {
    }

    /** {@code target.name} or {@code target['name']} or {@code target[expr]}. */
    record Index(Expr target, Expr key, int offset) implements Expr {
    }

    /** {@code target.*}: the object filter. */
    record Star(Expr target, int offset) implements Expr {
    }

    /** {@code !operand}. */
    record Not(Expr operand, int offset) implements Expr {
    }

    /** A binary operator: {@code == != < <= > >= && ||}. */
    record Binary(String op, Expr left, Expr right, int offset) implements Expr {
    }

    /** A function call. */
    record Call(String name, List<Expr> args, int offset) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }
}
