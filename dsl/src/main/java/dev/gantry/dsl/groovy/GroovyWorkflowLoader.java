package dev.gantry.dsl.groovy;

import dev.gantry.dsl.LoadedWorkflow;
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
    public static final int MAX_BYTES = 256 * 1024;
    /** How long a script may run. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(5);
    /** How many actions a script may declare before it is stopped (the service itself allows 50). */
    public static final int DEFAULT_MAX_ACTIONS = 200;

    private static final List<Class<?>> DSL_CLASSES = List.of(WorkflowScript.class, WorkflowSpec.class,
            ActionContainerSpec.class, GroupSpec.class, ActionSpec.class,
            EnvironmentSpec.class, CachingSpec.class, InputsSpec.class, OutputsSpec.class, ReportSpec.class,
            ConfigurationSpec.class, StepsSpec.class, TriggerSpec.class);

    private static final CompilerMessages MESSAGES = new CompilerMessages(List.of(WorkflowScript.class,
            WorkflowSpec.class, GroupSpec.class, ActionSpec.class, EnvironmentSpec.class, CachingSpec.class,
            InputsSpec.class, OutputsSpec.class, ReportSpec.class, ConfigurationSpec.class, StepsSpec.class));

    private final Duration timeLimit;
    private final int maxActions;

    public GroovyWorkflowLoader() {
        this(DEFAULT_TIME_LIMIT, DEFAULT_MAX_ACTIONS);
    }

    public GroovyWorkflowLoader(Duration timeLimit, int maxActions) {
        this.timeLimit = timeLimit;
        this.maxActions = maxActions;
    }

    /** Reads and loads {@code file}; {@code displayName} is how diagnostics name it. */
    public LoadedWorkflow load(Path file, String displayName) {
        Diagnostics out = new Diagnostics(displayName);
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                out.error(SourcePosition.UNKNOWN, "file-size", "the file is " + size + " bytes; a workflow file may "
                        + "be at most " + MAX_BYTES + " bytes (256 KB)");
                return new LoadedWorkflow(displayName, null, SourceMap.empty(), out.list());
            }
            return load(Files.readString(file, StandardCharsets.UTF_8), displayName);
        } catch (IOException | RuntimeException e) {
            out.error(SourcePosition.UNKNOWN, "file-read", "cannot read the file: " + e.getMessage());
            return new LoadedWorkflow(displayName, null, SourceMap.empty(), out.list());
        }
    }

    /** Loads a script given as text. */
    public LoadedWorkflow load(String source, String displayName) {
        Diagnostics out = new Diagnostics(displayName);
        Class<?> scriptClass = compile(source, out);
        if (scriptClass == null) {
            return new LoadedWorkflow(displayName, null, SourceMap.empty(), out.list());
        }
        DslContext ctx = new DslContext(ScriptPolicy.SCRIPT_CLASS, source, maxActions);
        boolean completed = run(scriptClass, ctx, out);
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
        Workflow workflow = new StructureCheck().check(ctx.workflow().build(), sourceMap, out);
        return new LoadedWorkflow(displayName, workflow, sourceMap, out.list());
    }

    private Class<?> compile(String source, Diagnostics out) {
        CompilerConfiguration config = configuration();
        try (GroovyClassLoader loader = new GroovyClassLoader(WorkflowScript.class.getClassLoader(), config)) {
            return loader.parseClass(new GroovyCodeSource(source, ScriptPolicy.SCRIPT_CLASS + ".groovy",
                    "/gantry/workflow"), false);
        } catch (MultipleCompilationErrorsException e) {
            report(e, out);
        } catch (CompilationFailedException e) {
            out.error(SourcePosition.UNKNOWN, "groovy-compile", firstLine(e.getMessage()));
        } catch (IOException e) {
            out.error(SourcePosition.UNKNOWN, "groovy-compile", "cannot compile: " + e.getMessage());
        }
        return null;
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
            SourcePosition at = SourcePosition.UNKNOWN;
            String text;
            if (m instanceof SyntaxErrorMessage s) {
                SyntaxException se = s.getCause();
                at = new SourcePosition(Math.max(se.getStartLine(), 0), Math.max(se.getStartColumn(), 1));
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

    /** Runs the script on its own thread; false when it did not finish normally (reported in {@code out}). */
    private boolean run(Class<?> scriptClass, DslContext ctx, Diagnostics out) {
        WorkflowScript script;
        try {
            script = (WorkflowScript) scriptClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            out.error(SourcePosition.UNKNOWN, "groovy-runtime", "cannot start the script: " + e);
            return false;
        }
        script.setBinding(new Binding());
        script.attach(ctx);
        FutureTask<Object> task = new FutureTask<>(script::run);
        Thread worker = new Thread(null, task, "gantry-groovy-workflow", 0);
        worker.setDaemon(true);
        worker.start();
        try {
            if (awaitWithinLimit(task, worker)) {
                task.get();
                return true;
            }
            StackTraceElement[] stack = worker.getStackTrace();
            worker.interrupt();
            out.error(scriptPosition(stack, ctx), "groovy-timeout", "the script was still running after "
                    + timeLimit.toSeconds() + " s and was stopped; a workflow file must only declare the workflow "
                    + "(is there an endless loop?)");
            return false;
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            out.error(SourcePosition.UNKNOWN, "groovy-timeout", "interrupted while the script ran");
            return false;
        } catch (ExecutionException e) {
            reportFailure(e.getCause(), ctx, out);
            return false;
        }
    }

    /**
     * Waits for the script; false when it used more than the time limit of CPU time (so that a busy machine does
     * not fail a script that is merely slow to start), or four times the limit of wall time (a script that waits).
     */
    private boolean awaitWithinLimit(FutureTask<Object> task, Thread worker) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        long limitNanos = timeLimit.toNanos();
        long wallDeadline = System.nanoTime() + 4 * limitNanos;
        while (true) {
            try {
                task.get(50, TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException e) {
                return true;
            } catch (TimeoutException e) {
                long used = cpu ? threads.getThreadCpuTime(worker.getId()) : -1;
                if (used > limitNanos || System.nanoTime() > wallDeadline
                        || (!cpu && System.nanoTime() > wallDeadline - 3 * limitNanos)) {
                    return task.isDone();
                }
            }
        }
    }

    private static void reportFailure(Throwable t, DslContext ctx, Diagnostics out) {
        if (t instanceof DslException d) {
            out.error(d.position(), d.rule(), d.getMessage());
            return;
        }
        SourcePosition at = scriptPosition(t.getStackTrace(), ctx);
        String message;
        if (t instanceof StackOverflowError) {
            message = "the script calls itself too deeply (endless recursion?)";
        } else if (t instanceof OutOfMemoryError) {
            message = "the script used too much memory";
        } else if (t instanceof AssertionError) {
            message = "assertion failed: " + firstLine(t.getMessage());
        } else if (t instanceof InterruptedException) {
            message = "the script was stopped";
        } else {
            String m = t.getMessage();
            message = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + MESSAGES.clean(m));
        }
        out.error(at, "groovy-runtime", message);
    }

    private static SourcePosition scriptPosition(StackTraceElement[] stack, DslContext ctx) {
        for (StackTraceElement e : stack) {
            if (ctx.isScriptClass(e.getClassName()) && e.getLineNumber() > 0) {
                return ctx.siteAt(e.getLineNumber()).at(null);
            }
        }
        return SourcePosition.UNKNOWN;
    }
}
