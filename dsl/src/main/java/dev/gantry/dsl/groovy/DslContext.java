package dev.gantry.dsl.groovy;

import dev.gantry.dsl.yaml.EmptyListItem;
import dev.gantry.engine.diagnostic.NameSuggestion;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of a workflow script builds besides the specs themselves: where each model path was written, the
 * problems found while building, and the limits. One instance per load; the specs share it.
 */
final class DslContext {
    private final String scriptClassName;
    private final List<String> lines;
    private final GroovyLimits limits;
    private final SourceMap.Builder sourceMap = new SourceMap.Builder();
    private final List<Problem> problems = new ArrayList<>();
    private int actions;
    private int values;
    private long text;
    private WorkflowSpec workflow;

    /** A problem found while the script ran. */
    record Problem(SourcePosition position, Severity severity, String rule, String message) {
    }

    DslContext(String scriptClassName, String source, GroovyLimits limits) {
        this.scriptClassName = scriptClassName;
        this.lines = source.lines().toList();
        this.limits = limits;
    }

    /** A scalar the script passes, as text ({@link DslValues#text}), counted against the text limit. */
    String text(Object value) {
        return counted(DslValues.text(value));
    }

    /**
     * One name or a list of them ({@link DslValues#texts}), each counted; an empty ({@code null}) item is left out
     * with the warning YAML gives for it ({@link EmptyListItem}).
     */
    List<String> texts(Object value, String what) {
        List<String> out = new ArrayList<>();
        for (String t : DslValues.texts(value)) {
            if (t == null) {
                problems.add(new Problem(site().at(null), Severity.WARNING, EmptyListItem.RULE,
                        EmptyListItem.message(what)));
            } else {
                out.add(counted(t));
            }
        }
        return out;
    }

    /** A free-form value ({@link DslValues#plain}), every text and element in it counted. */
    Object plain(Object value) {
        Object plain = DslValues.plain(value);
        count(plain);
        return plain;
    }

    private void count(Object plain) {
        if (plain instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                counted(String.valueOf(e.getKey()));
                count(e.getValue());
            }
        } else if (plain instanceof List<?> list) {
            for (Object item : list) {
                count(item);
            }
        } else {
            counted(String.valueOf(plain));
        }
    }

    private String counted(String value) {
        values++;
        text += value == null ? 0 : value.length();
        if (values > limits.values()) {
            throw new DslException(site().at(null), "groovy-limit", "the script writes more than " + limits.values()
                    + " values into the workflow; a workflow file does not hold that many (stopped here)");
        }
        if (text > limits.text()) {
            throw new DslException(site().at(null), "groovy-limit", "the script writes more than " + limits.text()
                    + " characters of text into the workflow (this value alone has " + value.length()
                    + "); a workflow file may be at most 256 KB (stopped here)");
        }
        return value;
    }

    /** The line of the script that called into the DSL (the innermost script frame on the stack). */
    CallSite site() {
        Optional<StackWalker.StackFrame> frame = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> isScriptClass(f.getClassName()) && f.getLineNumber() > 0)
                .findFirst());
        return frame.map(f -> siteAt(f.getLineNumber())).orElse(CallSite.UNKNOWN);
    }

    CallSite siteAt(int line) {
        if (line <= 0) {
            return CallSite.UNKNOWN;
        }
        return new CallSite(line, line <= lines.size() ? lines.get(line - 1) : "");
    }

    boolean isScriptClass(String className) {
        return className.equals(scriptClassName) || className.startsWith(scriptClassName + "$");
    }

    /** Records that the element at {@code path} was written at {@code pos} (as both its key and its value). */
    void mark(String path, SourcePosition pos) {
        sourceMap.key(path, pos);
        sourceMap.value(path, pos);
    }

    /** Records a free-form value and everything nested in it at the same position. */
    void markTree(String path, Object value, SourcePosition pos) {
        mark(path, pos);
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> markTree(path + "/" + k, v, pos));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                markTree(path + "/" + i, list.get(i), pos);
            }
        }
    }

    void error(SourcePosition at, String rule, String message) {
        problems.add(new Problem(at, Severity.ERROR, rule, message));
    }

    /** Checks the keys of named arguments; reports each unknown one. */
    void checkNamedArgs(Map<String, ?> args, Collection<String> allowed, String call, CallSite site) {
        if (args == null) {
            return;
        }
        for (Object key : args.keySet()) {
            String k = String.valueOf(key);
            if (!allowed.contains(k)) {
                error(site.at(k), "unknown-key", call + " has no argument '" + k + ":'"
                        + NameSuggestion.didYouMean(k, allowed) + "; it takes "
                        + String.join(", ", allowed.stream().map(a -> a + ":").toList()));
            }
        }
    }

    /** Counts one more action; stops the script when there are more than the limit. */
    void countAction(CallSite site) {
        actions++;
        if (actions > limits.actions()) {
            throw new DslException(site.at("action"), "groovy-limit", "the script creates more than " + limits.actions()
                    + " actions; a workflow file may not generate more (the service allows 50)");
        }
    }

    void workflow(WorkflowSpec spec, CallSite site) {
        if (workflow != null) {
            throw new DslException(site.at("workflow"), "groovy-dsl", "a file declares one workflow, but "
                    + "workflow(...) is called a second time here");
        }
        workflow = spec;
    }

    WorkflowSpec workflow() {
        return workflow;
    }

    SourceMap.Builder sourceMap() {
        return sourceMap;
    }

    List<Problem> problems() {
        return problems;
    }
}
