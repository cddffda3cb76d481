package dev.gantry.dsl.groovy;

import dev.gantry.engine.diagnostic.NameSuggestion;
import groovy.transform.NamedParam;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the Groovy compiler's messages for people writing workflows: no internal class names, and for a
 * misspelt DSL method or named argument, the closest real one ("did you mean").
 */
final class CompilerMessages {
    private static final Pattern NO_METHOD = Pattern.compile(
            "Cannot find matching (?:static )?method ([\\w.$]+)#(\\w+)\\((.*?)\\)\\.?");
    private static final Pattern NAMED_ARG = Pattern.compile("unexpected named arg: (\\w+)");

    private final Set<String> methods = new TreeSet<>();
    private final Set<String> namedArgs = new TreeSet<>();

    CompilerMessages(List<Class<?>> dslClasses) {
        for (Class<?> c : dslClasses) {
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass().getName().startsWith(ScriptPolicy.DSL_PACKAGE)
                        && Modifier.isPublic(m.getModifiers())) {
                    methods.add(m.getName());
                    for (Parameter p : m.getParameters()) {
                        for (NamedParam n : p.getAnnotationsByType(NamedParam.class)) {
                            namedArgs.add(n.value());
                        }
                    }
                }
            }
        }
    }

    String clean(String text) {
        String t = text == null ? "compile error" : text.trim();
        int nl = t.indexOf('\n');
        if (nl >= 0) {
            t = t.substring(0, nl).trim();
        }
        t = t.replace("[Static type checking] - ", "");
        t = t.replace(" Please check if the declared type is correct and if the method exists.", "");
        Matcher m = NO_METHOD.matcher(t);
        if (m.find()) {
            String name = m.group(2);
            String args = simple(m.group(3));
            String where = methods.contains(name) ? " with arguments (" + args + ")" : "";
            return "no DSL method or function '" + name + "'" + where + " here"
                    + NameSuggestion.didYouMean(name, methods);
        }
        Matcher n = NAMED_ARG.matcher(t);
        if (n.find()) {
            return "unknown named argument '" + n.group(1) + ":'" + NameSuggestion.didYouMean(n.group(1), namedArgs);
        }
        return simple(t);
    }

    private static String simple(String t) {
        return t.replace(ScriptPolicy.DSL_PACKAGE, "").replace(ScriptPolicy.SCRIPT_CLASS + ".", "")
                .replace(ScriptPolicy.SCRIPT_CLASS, "the script")
                .replace("java.lang.", "").replace("java.util.", "").replace("groovy.lang.", "");
    }
}
