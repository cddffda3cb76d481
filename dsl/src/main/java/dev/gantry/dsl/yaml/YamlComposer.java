package dev.gantry.dsl.yaml;

import dev.gantry.dsl.file.LineColumns;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourcePosition;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Composes the first YAML document of a text into SnakeYAML nodes (which keep their line and column), with YAML 1.1
 * scalar resolution as the service uses. Every problem becomes a diagnostic, never an exception: syntax errors
 * ({@code yaml-syntax}), too many aliases ({@code yaml-aliases}), further documents ({@code multiple-documents},
 * ignored like the service does).
 */
final class YamlComposer {
    /** SnakeYAML's own cap on aliases to collections; the {@link AliasBudget} catches smaller bombs. */
    static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    private static final int NESTING_DEPTH_LIMIT = 50;

    private YamlComposer() {
    }

    /**
     * The root node of the first document, or {@code null} when there is none (an error was reported) or the
     * document is empty (nothing reported: the caller decides).
     */
    static Node compose(String text, Diagnostics out) {
        SourcePosition unprintable = firstUnprintable(text);
        if (unprintable != null) {
            out.error(unprintable, "yaml-syntax", "special characters are not allowed in YAML (a control character "
                    + "or an invalid code point); remove it");
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, naming both positions
        options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
        options.setNestingDepthLimit(NESTING_DEPTH_LIMIT);
        options.setProcessComments(false);
        TrackingParser parser = new TrackingParser(new ParserImpl(new EditorMarks(text), options));
        Composer composer = new Composer(parser, new Resolver(), options);
        Node root;
        try {
            if (!composer.checkNode()) {
                return null;
            }
            root = composer.getNode();
        } catch (MarkedYAMLException e) {
            out.error(position(e), "yaml-syntax", syntaxMessage(e));
            return null;
        } catch (YAMLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("aliases")) {
                out.error(parser.lastPosition(), "yaml-aliases", "too many aliases to lists or mappings (more than "
                        + MAX_ALIASES_FOR_COLLECTIONS + "); a workflow file does not need that many");
            } else {
                out.error(parser.lastPosition(), "yaml-syntax", message);
            }
            return null;
        } catch (StackOverflowError e) {
            out.error(parser.lastPosition(), "yaml-syntax", "the YAML is nested too deeply");
            return null;
        }
        try {
            if (composer.checkNode()) {
                out.warning(parser.nextPosition(), "multiple-documents", "only the first YAML document of a "
                        + "workflow file counts; CodeCatalyst ignores everything from this '---' on");
            }
        } catch (YAMLException e) {
            out.warning(parser.lastPosition(), "multiple-documents", "only the first YAML document of a workflow "
                    + "file counts; CodeCatalyst ignores everything after it");
        }
        return root;
    }

    static SourcePosition position(Mark mark) {
        return mark == null ? SourcePosition.UNKNOWN : new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static SourcePosition position(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        return position(mark);
    }

    /** SnakeYAML's problem and context, on one line, with a hint for the mistakes people make most. */
    static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem().strip();
        if (problem.contains("\\t(TAB)")) {
            return "found a tab character where indentation was expected; YAML indents with spaces only";
        }
        StringBuilder sb = new StringBuilder(problem.replace("\n", " "));
        if (e.getContext() != null && e.getContextMark() != null && e.getProblemMark() != null
                && e.getContextMark().getLine() != e.getProblemMark().getLine()) {
            sb.append(" (").append(e.getContext().strip()).append(" at line ")
                    .append(e.getContextMark().getLine() + 1).append(')');
        }
        if (problem.startsWith("mapping values are not allowed")) {
            sb.append("; quote a value that contains ': '");
        } else if (problem.contains("found character '@'") || problem.contains("found character '`'")) {
            sb.append("; quote a value that starts with this character");
        } else if (problem.contains("could not find expected ':'")) {
            sb.append("; check the indentation, or quote a value that spans several lines");
        }
        return sb.toString();
    }

    /** The first character SnakeYAML would refuse, or {@code null} when all are printable. */
    private static SourcePosition firstUnprintable(String text) {
        int offset = 0;
        for (int i = 0; i < text.length(); offset++) {
            int cp = text.codePointAt(i);
            if (!StreamReader.isPrintable(cp)) {
                return LineColumns.of(text).position(offset);
            }
            i += Character.charCount(cp);
        }
        return null;
    }

    /**
     * SnakeYAML's reader with marks at the lines and columns an editor shows: YAML 1.1 counts U+0085, U+2028 and
     * U+2029 as line breaks, editors (and the excerpt under a diagnostic) do not. Parsing itself is unchanged.
     */
    private static final class EditorMarks extends StreamReader {
        private final LineColumns lines;

        EditorMarks(String text) {
            super(text);
            this.lines = LineColumns.of(text);
        }

        @Override
        public Mark getMark() {
            Mark mark = super.getMark();
            SourcePosition at = lines.position(mark.getIndex());
            return new Mark(mark.getName(), mark.getIndex(), at.line() - 1, at.column() - 1, mark.getBuffer(),
                    mark.getPointer());
        }
    }

    /** Remembers where the parser is, so that errors without a mark still get a position. */
    private static final class TrackingParser implements Parser {
        private final Parser delegate;
        private Mark last;

        TrackingParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event e = delegate.getEvent();
            if (e != null) {
                last = e.getStartMark();
            }
            return e;
        }

        SourcePosition lastPosition() {
            return position(last);
        }

        SourcePosition nextPosition() {
            try {
                Event next = delegate.peekEvent();
                return next == null ? lastPosition() : position(next.getStartMark());
            } catch (YAMLException e) {
                return lastPosition();
            }
        }
    }
}
