package dev.gantry.engine.github;

import java.util.ArrayList;
import java.util.List;

/**
 * A string with {@code ${{ expression }}} parts, as GitHub reads {@code run:}, {@code with:}, {@code env:} and
 * other step values. A {@code }}} inside a quoted string of the expression does not end it.
 *
 * @param parts literal text ({@link Literal}) and expressions ({@link Part.Code}), in order
 */
public record Template(List<Part> parts) {
    public Template {
        parts = List.copyOf(parts);
    }

    /** One piece of a template. */
    public sealed interface Part {
    }

    /** Text as written. */
    public record Literal(String text) implements Part {
    }

    /**
     * An expression.
     *
     * @param expr   the parsed expression
     * @param source the text between the braces
     * @param offset where that text starts in the template
     */
    public record Code(Expr expr, String source, int offset) implements Part {
    }

    /** Whether the text has any {@code ${{}}. */
    public static boolean hasExpressions(String text) {
        return text != null && text.contains("${{");
    }

    /**
     * Where each {@code ${{ }}} of {@code text} is, unparsed: {@code offset} is where the text between the braces
     * starts. Throws for a {@code ${{} with no closing {@code }}}.
     */
    public record Span(int open, int offset, String source) {
        /** Just after the closing braces. */
        int end() {
            return offset + source.length() + 2;
        }
    }

    /** The {@code ${{ }}} spans of {@code text}, in order. */
    public static List<Span> spans(String text) throws ExpressionException {
        List<Span> spans = new ArrayList<>();
        int pos = 0;
        while (true) {
            int open = text.indexOf("${{", pos);
            if (open < 0) {
                return spans;
            }
            int start = open + 3;
            int close = closing(text, start);
            if (close < 0) {
                throw new ExpressionException("'${{' is not closed by '}}'", open);
            }
            Span span = new Span(open, start, text.substring(start, close));
            spans.add(span);
            pos = span.end();
        }
    }

    /** Splits and parses {@code text}; a parse error's offset is in {@code text}. */
    public static Template parse(String text) throws ExpressionException {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        for (Span span : spans(text)) {
            if (span.open() > pos) {
                parts.add(new Literal(text.substring(pos, span.open())));
            }
            try {
                parts.add(new Code(ExpressionParser.parse(span.source()), span.source(), span.offset()));
            } catch (ExpressionException e) {
                throw new ExpressionException(e.getMessage(), span.offset() + e.offset());
            }
            pos = span.end();
        }
        if (pos < text.length()) {
            parts.add(new Literal(text.substring(pos)));
        }
        return new Template(parts);
    }

    private static int closing(String text, int from) {
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the template is exactly one expression and nothing else (then its value keeps its type). */
    public boolean isSingleExpression() {
        return parts.size() == 1 && parts.get(0) instanceof Code;
    }

    /** The text with each expression replaced by its value as text. */
    public String render(ExpressionEvaluator evaluator) throws ExpressionException {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                sb.append(l.text());
            } else {
                Code c = (Code) p;
                try {
                    sb.append(evaluator.text(c.expr()));
                } catch (ExpressionException e) {
                    throw new ExpressionException(e.getMessage(), c.offset() + e.offset());
                }
            }
        }
        return sb.toString();
    }
}
