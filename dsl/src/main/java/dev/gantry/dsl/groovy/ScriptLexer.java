package dev.gantry.dsl.groovy;

import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourcePosition;
import groovyjarjarantlr4.v4.runtime.ANTLRErrorListener;
import groovyjarjarantlr4.v4.runtime.CharStreams;
import groovyjarjarantlr4.v4.runtime.RecognitionException;
import groovyjarjarantlr4.v4.runtime.Recognizer;
import groovyjarjarantlr4.v4.runtime.Token;
import org.apache.groovy.parser.antlr4.GroovyLangLexer;

/**
 * Reads a script's tokens before the compiler does. Groovy's parser prints "unknown recognition error type:
 * ...LexerNoViableAltException" on the process's standard error when its lexer meets text it cannot read (an
 * unterminated string with {@code ${...}} in it, for one); found here first, that becomes a {@code groovy-compile}
 * finding at its line and the compiler is not run, so that only Gantry's own diagnostics reach the user.
 */
final class ScriptLexer {
    private ScriptLexer() {
    }

    /** Whether the lexer reads all of {@code source}; else the problem is reported in {@code out}. */
    static boolean lexes(String source, Diagnostics out) {
        SourcePosition[] at = {null};
        GroovyLangLexer lexer = new GroovyLangLexer(CharStreams.fromString(source));
        lexer.removeErrorListeners();
        lexer.addErrorListener(new ANTLRErrorListener<Integer>() {
            @Override
            public <T extends Integer> void syntaxError(Recognizer<T, ?> recognizer, T offending, int line,
                                                        int column, String message, RecognitionException e) {
                if (at[0] == null) {
                    at[0] = new SourcePosition(Math.max(line, 1), Math.max(column, 0) + 1);
                }
            }
        });
        try {
            while (lexer.nextToken().getType() != Token.EOF) {
                // only whether every token can be read matters here
            }
        } catch (RuntimeException | AssertionError e) { // Groovy's GroovySyntaxError is an AssertionError
            if (at[0] == null) {
                at[0] = new SourcePosition(Math.max(lexer.getLine(), 1), lexer.getCharPositionInLine() + 1);
            }
        }
        if (at[0] == null) {
            return true;
        }
        out.error(at[0], "groovy-compile", "unexpected text here: is a string or a ${...} left open?");
        return false;
    }
}
