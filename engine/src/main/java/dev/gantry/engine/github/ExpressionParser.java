package dev.gantry.engine.github;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the GitHub Actions expression language (docs.github.com, "Evaluate expressions in workflows and actions"):
 * literals ({@code null}, {@code true}, {@code false}, JSON numbers, {@code 0x} hex, {@code 'single-quoted'}
 * strings with {@code ''} for a quote), context paths with {@code .name}, {@code [expr]} and {@code .*}, function
 * calls, and the operators {@code ! < <= > >= == != && ||} with GitHub's precedence. Bounded: at most
 * {@link #MAX_LENGTH} characters and {@link #MAX_DEPTH} levels of nesting.
 */
public final class ExpressionParser {
    /** The longest expression accepted (GitHub's own limit is 21,000 characters). */
    public static final int MAX_LENGTH = 21_000;
    /** The deepest nesting accepted. */
    public static final int MAX_DEPTH = 50;

    private final String text;
    private int pos;
    private int depth;

    private ExpressionParser(String text) {
        this.text = text;
    }

    /** Parses one expression (the text inside {@code ${{ }}}). */
    public static Expr parse(String text) throws ExpressionException {
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionException("expression longer than " + MAX_LENGTH + " characters", 0);
        }
        ExpressionParser p = new ExpressionParser(text);
        p.skipSpace();
        if (p.pos >= text.length()) {
            throw new ExpressionException("empty expression", 0);
        }
        Expr e = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            char c = text.charAt(p.pos);
            throw new ExpressionException("unexpected '" + p.peekToken() + "'" + ("+-*/%".indexOf(c) >= 0
                    ? " (GitHub expressions have no arithmetic)" : ""), p.pos);
        }
        return e;
    }

    private Expr or() throws ExpressionException {
        Expr left = and();
        while (accept("||")) {
            int at = pos - 2;
            left = new Expr.Binary("||", left, and(), at);
        }
        return left;
    }

    private Expr and() throws ExpressionException {
        Expr left = equality();
        while (accept("&&")) {
            int at = pos - 2;
            left = new Expr.Binary("&&", left, equality(), at);
        }
        return left;
    }

    private Expr equality() throws ExpressionException {
        Expr left = comparison();
        while (true) {
            int at = position();
            if (accept("==")) {
                left = new Expr.Binary("==", left, comparison(), at);
            } else if (accept("!=")) {
                left = new Expr.Binary("!=", left, comparison(), at);
            } else {
                return left;
            }
        }
    }

    private Expr comparison() throws ExpressionException {
        Expr left = unary();
        while (true) {
            int at = position();
            String op = accept("<=") ? "<=" : accept(">=") ? ">=" : accept("<") ? "<" : accept(">") ? ">" : null;
            if (op == null) {
                return left;
            }
            left = new Expr.Binary(op, left, unary(), at);
        }
    }

    private Expr unary() throws ExpressionException {
        int at = position();
        if (text.startsWith("!", at) && !text.startsWith("!=", at)) {
            pos = at + 1;
            enter(at);
            Expr operand = unary();
            depth--;
            return new Expr.Not(operand, at);
        }
        return postfix();
    }

    private Expr postfix() throws ExpressionException {
        Expr e = primary();
        while (true) {
            int at = position();
            if (accept(".")) {
                skipSpace();
                if (accept("*")) {
                    e = new Expr.Star(e, at);
                } else {
                    int nameAt = pos;
                    String name = identifier();
                    if (name == null) {
                        throw new ExpressionException("expected a property name after '.'", nameAt);
                    }
                    e = new Expr.Index(e, new Expr.Literal(name, nameAt), at);
                }
            } else if (accept("[")) {
                enter(at);
                skipSpace();
                if (accept("*")) {
                    expect("]");
                    e = new Expr.Star(e, at);
                } else {
                    Expr key = or();
                    expect("]");
                    e = new Expr.Index(e, key, at);
                }
                depth--;
            } else {
                return e;
            }
        }
    }

    private Expr primary() throws ExpressionException {
        int at = position();
        if (at >= text.length()) {
            throw new ExpressionException("unexpected end of expression", at);
        }
        char c = text.charAt(at);
        if (c == '(') {
            pos++;
            enter(at);
            Expr e = or();
            expect(")");
            depth--;
            return e;
        }
        if (c == '\'') {
            return new Expr.Literal(string(), at);
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return new Expr.Literal(number(), at);
        }
        String name = identifier();
        if (name == null) {
            if (c == '"') {
                throw new ExpressionException("strings take single quotes in expressions ('text'), not double",
                        at);
            }
            throw new ExpressionException("unexpected '" + peekToken() + "'", at);
        }
        switch (name) {
            case "true":
                return new Expr.Literal(Boolean.TRUE, at);
            case "false":
                return new Expr.Literal(Boolean.FALSE, at);
            case "null":
                return new Expr.Literal(null, at);
            case "NaN":
                return new Expr.Literal(Double.NaN, at);
            case "Infinity":
                return new Expr.Literal(Double.POSITIVE_INFINITY, at);
            default:
                break;
        }
        if (accept("(")) {
            enter(at);
            List<Expr> args = new ArrayList<>();
            skipSpace();
            if (!accept(")")) {
                do {
                    args.add(or());
                } while (accept(","));
                expect(")");
            }
            depth--;
            return new Expr.Call(name, args, at);
        }
        return new Expr.ContextRef(name, at);
    }

    private String string() throws ExpressionException {
        int start = pos;
        StringBuilder sb = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                throw new ExpressionException("string not closed (a ' is missing)", start);
            }
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Double number() throws ExpressionException {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "+-.".indexOf(text.charAt(pos)) >= 0)) {
            char c = text.charAt(pos);
            if ((c == '+' || c == '-') && pos > start && Character.toLowerCase(text.charAt(pos - 1)) != 'e') {
                break;
            }
            pos++;
        }
        String word = text.substring(start, pos);
        double d = ExpressionValues.parseNumber(word);
        if (Double.isNaN(d) && !word.equals("NaN")) {
            throw new ExpressionException("'" + word + "' is not a number", start);
        }
        return d;
    }

    private String identifier() {
        int start = pos;
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == '-')) {
                pos++;
            }
            return text.substring(start, pos);
        }
        return null;
    }

    private void enter(int at) throws ExpressionException {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException("expression nested deeper than " + MAX_DEPTH + " levels", at);
        }
    }

    private int position() {
        skipSpace();
        return pos;
    }

    private boolean accept(String token) {
        skipSpace();
        if (text.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private void expect(String token) throws ExpressionException {
        if (!accept(token)) {
            throw new ExpressionException(pos >= text.length() ? "'" + token + "' missing at the end"
                    : "expected '" + token + "', found '" + peekToken() + "'", pos);
        }
    }

    private String peekToken() {
        int end = Math.min(text.length(), pos + 10);
        int sp = text.indexOf(' ', pos);
        return text.substring(pos, sp > pos && sp < end ? sp : end);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
