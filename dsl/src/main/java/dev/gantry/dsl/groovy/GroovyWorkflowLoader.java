package dev.gantry.dsl.groovy;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.file.InputFile;
import dev.gantry.dsl.file.UnreadableFile;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;
import dev.gantry.engine.model.Workflow;
import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.transform.CompileStatic;
import groovy.transform.ThreadInterrupt;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loads a {@code .groovy} workflow file into the engine model: compiles it in the sandbox (see
 * {@link ScriptPolicy}), runs it with a time limit and an action limit, and returns the model the DSL built with a
 * {@link SourceMap} whose positions are lines of the script. Never throws for a bad file: compile errors
 * ({@code [groovy-compile]}), refused code ({@code [groovy-sandbox]}), errors while the script runs
 * ({@code [groovy-runtime]}), the limits ({@code [groovy-timeout]}, {@code [groovy-limit]}) and misuse of the DSL come
 * back as diagnostics at the script's line and column.
 */
public final class GroovyWorkflowLoader {
    /** The service's limit on a workflow file, applied to scripts too. */
    public static final int MAX_BYTES = InputFile.WORKFLOW_MAX_BYTES;
    /** How much CPU time the whole evaluation of a script (compile, run, export) may use (6 times that of wall clock). */
    public static final Duration DEFAULT_TIME_LIMIT = GroovyLimits.DEFAULT.time();
    /** How many actions a script may declare before it is stopped (the service itself allows 50). */
    public static final int DEFAULT_MAX_ACTIONS = GroovyLimits.DEFAULT.actions();

    private static final List<Class<?>> DSL_CLASSES = List.of(WorkflowScript.class, WorkflowSpec.class,
            ActionContainerSpec.class, GroupSpec.class, ActionSpec.class,
            EnvironmentSpec.class, CachingSpec.class, InputsSpec.class, OutputsSpec.class, ReportSpec.class,
            ConfigurationSpec.class, StepsSpec.class, TriggerSpec.class);

    private static final CompilerMessages MESSAGES = new CompilerMessages(List.of(WorkflowScript.class,
            WorkflowSpec.class, GroupSpec.class, ActionSpec.class, EnvironmentSpec.class, CachingSpec.class,
            InputsSpec.class, OutputsSpec.class, ReportSpec.class, ConfigurationSpec.class, StepsSpec.class));

    private final GroovyLimits limits;

    public GroovyWorkflowLoader() {
        this(GroovyLimits.DEFAULT);
    }

    public GroovyWorkflowLoader(Duration timeLimit, int maxActions) {
        this(new GroovyLimits(timeLimit, GroovyLimits.DEFAULT.allocation(), maxActions, GroovyLimits.DEFAULT.values(),
                GroovyLimits.DEFAULT.text()));
    }

    public GroovyWorkflowLoader(GroovyLimits limits) {
        this.limits = limits;
    }

    /** Reads and loads {@code file}; {@code displayName} is how diagnostics name it. */
    public LoadedWorkflow load(Path file, String displayName) {
        String source;
        try {
            source = new InputFile(file, MAX_BYTES).utf8();
        } catch (UnreadableFile e) {
            return LoadedWorkflow.unreadable(e, displayName);
        }
        return load(source, displayName);
    }

    /**
     * Loads a script given as text. The whole evaluation (compile, run, build the model, export it for the
     * structural check) runs on its own thread within {@link GroovyLimits}: past a limit the thread is stopped and
     * the result is one finding at the script's line; nothing the stopped thread built is read.
     */
    public LoadedWorkflow load(String source, String displayName) {
        List<String> lines = source.lines().toList();
        BoundedEvaluation.Outcome<LoadedWorkflow> outcome;
        try {
            outcome = new BoundedEvaluation<LoadedWorkflow>(limits).run(() -> evaluate(source, displayName));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(displayName, new SourcePosition(1, 1), "groovy-timeout", "interrupted while the script "
                    + "was evaluated");
        } catch (RuntimeException | Error e) {
            return failed(displayName, new SourcePosition(1, 1), "internal-error", "evaluating the script failed ("
                    + e + "); please report this with the file");
        }
        if (outcome instanceof BoundedEvaluation.Outcome.Finished<LoadedWorkflow> finished) {
            return finished.value();
        }
        BoundedEvaluation.Outcome.Stopped<LoadedWorkflow> stopped =
                (BoundedEvaluation.Outcome.Stopped<LoadedWorkflow>) outcome;
        SourcePosition at = scriptPosition(stopped.stack(), lines);
        boolean compiling = Arrays.stream(stopped.stack()).anyMatch(e -> e.getClassName().startsWith(
                "org.codehaus.groovy.control.") && e.getMethodName().equals("compile"));
        if (compiling) {
            return failed(displayName, new SourcePosition(longestLine(lines), 1), "groovy-limit", "compiling the "
                    + "script took longer than its time limit (" + limits.time().toSeconds() + " s of CPU time, "
                    + limits.wallClock().toSeconds() + " s in all) and was stopped (a very long chain of operators "
                    + "or calls, probably on this line, its longest?); split it up");
        }
        if (stopped.limit() == BoundedEvaluation.Limit.TIME) {
            return failed(displayName, at, "groovy-timeout", "the script was still running after its time limit ("
                    + limits.time().toSeconds() + " s of CPU time, " + limits.wallClock().toSeconds() + " s in all) "
                    + "and was stopped; a workflow file must only declare the workflow (is there an endless loop?)");
        }
        return failed(displayName, at, "groovy-limit", "the script allocated more than "
                + (limits.allocation() >> 20) + " MB and was stopped; a workflow file must only declare the "
                + "workflow (is a list or text growing without end?)");
    }

    /** Everything a load does, on the evaluation thread; never throws. */
    private LoadedWorkflow evaluate(String source, String displayName) {
        Diagnostics out = new Diagnostics(displayName);
        List<String> lines = source.lines().toList();
        Class<?> scriptClass = ScriptLexer.lexes(source, out) ? compile(source, lines, out) : null;
        if (scriptClass == null) {
            return new LoadedWorkflow(displayName, null, SourceMap.empty(), out.list());
        }
        DslContext ctx = new DslContext(ScriptPolicy.SCRIPT_CLASS, source, limits);
        boolean completed = run(scriptClass, ctx, lines, out);
        for (DslContext.Problem p : ctx.problems()) {
            out.add(p.position(), p.severity(), p.rule(), p.message());
        }
        SourceMap sourceMap = ctx.sourceMap().build();
        if (!completed) {
            return new LoadedWorkflow(displayName, null, sourceMap, out.list());
        }
        if (ctx.workflow() == null) {
            out.error(new SourcePosition(1, 1), "groovy-dsl", "the file declares no workflow: write "
                    + "workflow('Name') { ... }");
            return new LoadedWorkflow(displayName, null, sourceMap, out.list());
        }
        try {
            Workflow workflow = new StructureCheck().check(ctx.workflow().build(), sourceMap, out);
            return new LoadedWorkflow(displayName, workflow, sourceMap, out.list());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            out.error(ctx.siteAt(1).at(null), "groovy-limit", "the workflow this script builds cannot be "
                    + "checked (" + e.getClass().getSimpleName() + "); make it smaller");
            return new LoadedWorkflow(displayName, null, sourceMap, out.list());
        }
    }

    private static LoadedWorkflow failed(String displayName, SourcePosition at, String rule, String message) {
        Diagnostics out = new Diagnostics(displayName);
        out.error(at, rule, message);
        return new LoadedWorkflow(displayName, null, SourceMap.empty(), out.list());
    }

    private Class<?> compile(String source, List<String> lines, Diagnostics out) {
        CompilerConfiguration config = configuration();
        try (GroovyClassLoader loader = new GroovyClassLoader(WorkflowScript.class.getClassLoader(), config)) {
            return loader.parseClass(new GroovyCodeSource(source, ScriptPolicy.SCRIPT_CLASS + ".groovy",
                    "/gantry/workflow"), false);
        } catch (MultipleCompilationErrorsException e) {
            report(e, out);
        } catch (CompilationFailedException e) {
            out.error(new SourcePosition(1, 1), "groovy-compile", firstLine(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            out.error(new SourcePosition(1, 1), "groovy-compile", "cannot compile: " + e.getMessage());
        } catch (StackOverflowError e) {
            int longest = longestLine(lines);
            out.error(new SourcePosition(longest, 1), "groovy-limit", "the script is nested too deeply to compile "
                    + "(a very long chain of operators or calls, probably on this line, its longest); split it up");
        }
        return null;
    }

    private static int longestLine(List<String> lines) {
        int longest = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).length() > lines.get(longest).length()) {
                longest = i;
            }
        }
        return longest + 1;
    }

    /** The compiler's settings: the sandbox, the time-limit checks, static compilation with the allow-list. */
    static CompilerConfiguration configuration() {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(WorkflowScript.class.getName());
        config.setDisabledGlobalASTTransformations(Set.of("groovy.grape.GrabAnnotationTransformation"));
        ImportCustomizer imports = new ImportCustomizer();
        for (Class<?> c : DSL_CLASSES) {
            imports.addImports(c.getName());
        }
        config.addCompilationCustomizers(
                new AnnotationBan(),
                imports,
                new SandboxCustomizer(ScriptPolicy.SCRIPT_CLASS),
                new ASTTransformationCustomizer(ThreadInterrupt.class),
                new ASTTransformationCustomizer(Map.of("extensions", List.of(SandboxTypeChecking.class.getName())),
                        CompileStatic.class));
        return config;
    }

    private static void report(MultipleCompilationErrorsException e, Diagnostics out) {
        Set<String> seen = new HashSet<>();
        for (Message m : e.getErrorCollector().getErrors()) {
            SourcePosition at = new SourcePosition(1, 1);
            String text;
            if (m instanceof SyntaxErrorMessage s) {
                SyntaxException se = s.getCause();
                at = new SourcePosition(Math.max(se.getStartLine(), 1), Math.max(se.getStartColumn(), 1));
                text = se.getOriginalMessage();
            } else if (m instanceof ExceptionMessage x) {
                text = x.getCause() == null ? "compile error" : x.getCause().getMessage();
            } else if (m instanceof SimpleMessage s) {
                text = s.getMessage();
            } else {
                text = String.valueOf(m);
            }
            text = MESSAGES.clean(text);
            if (!seen.add(at.line() + ":" + at.column() + ":" + text)) {
                continue;
            }
            if (text.contains(SandboxCustomizer.MARKER)) {
                text = text.substring(text.indexOf(SandboxCustomizer.MARKER));
                out.error(at, "groovy-sandbox", text);
            } else {
                out.error(at, "groovy-compile", text);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** Runs the script on this (the evaluation) thread; false when it did not finish normally (reported). */
    private static boolean run(Class<?> scriptClass, DslContext ctx, List<String> lines, Diagnostics out) {
        WorkflowScript script;
        try {
            script = (WorkflowScript) scriptClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.error(new SourcePosition(1, 1), "groovy-runtime", "cannot start the script: " + e);
            return false;
        }
        script.setBinding(new Binding());
        script.attach(ctx);
        try {
            script.run();
            return true;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError | AssertionError e) {
            reportFailure(e, lines, out);
            return false;
        }
    }

    private static void reportFailure(Throwable t, List<String> lines, Diagnostics out) {
        if (t instanceof DslException d) {
            out.error(d.position().known() ? d.position() : new SourcePosition(1, 1), d.rule(), d.getMessage());
            return;
        }
        SourcePosition at = scriptPosition(t.getStackTrace(), lines);
        if (t instanceof StackOverflowError) {
            out.error(at, "groovy-limit", "the script calls itself or chains calls too deeply (endless recursion?)");
            return;
        }
        if (t instanceof OutOfMemoryError) {
            out.error(at, "groovy-limit", "the script used too much memory");
            return;
        }
        String message;
        if (t instanceof AssertionError) {
            message = "assertion failed: " + firstLine(t.getMessage());
        } else if (t instanceof InterruptedException) {
            message = "the script was stopped";
        } else {
            String m = t.getMessage();
            message = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + MESSAGES.clean(m));
        }
        out.error(at, "groovy-runtime", message);
    }

    /** The script's innermost line on {@code stack}; line 1 when the script is not on it. */
    private static SourcePosition scriptPosition(StackTraceElement[] stack, List<String> lines) {
        for (StackTraceElement e : stack) {
            int line = e.getLineNumber();
            if (ScriptPolicy.isScriptClass(e.getClassName(), ScriptPolicy.SCRIPT_CLASS) && line > 0) {
                return new CallSite(line, line <= lines.size() ? lines.get(line - 1) : "").at(null);
            }
        }
        return new SourcePosition(1, 1);
    }
}
