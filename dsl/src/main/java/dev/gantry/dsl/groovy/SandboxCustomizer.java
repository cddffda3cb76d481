package dev.gantry.dsl.groovy;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.DynamicVariable;
import org.codehaus.groovy.ast.GenericsType;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ArrayExpression;
import org.codehaus.groovy.ast.expr.AttributeExpression;
import org.codehaus.groovy.ast.expr.CastExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.ConstructorCallExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.MethodReferenceExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.Statement;
import org.codehaus.groovy.ast.stmt.SynchronizedStatement;
import org.codehaus.groovy.ast.stmt.ThrowStatement;
import org.codehaus.groovy.ast.stmt.TryCatchStatement;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;
import org.codehaus.groovy.syntax.SyntaxException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groovy's {@link SecureASTCustomizer}, set up for workflow files, with every refusal reported at the line and
 * column of the offending expression (as a {@code [groovy-sandbox]} compile error) instead of as one exception.
 *
 * <p>It allows: no package; imports of the {@link ScriptPolicy#VALUE_TYPES value types} and DSL classes only (no
 * star or static imports); every class the source names (variable, parameter and return types, casts, {@code new},
 * static calls, receivers of calls) must be one of those; no method pointers or references, no {@code .@} field
 * access, no {@code try}/{@code catch}, {@code throw} or {@code synchronized}; no class declarations; no method or
 * property whose name is in {@link ScriptPolicy#DENIED_NAMES}, and no computed ({@code "$name"()}) method or
 * property names.
 */
final class SandboxCustomizer extends SecureASTCustomizer {
    static final String MARKER = "not allowed in a workflow file: ";
    private static final Pattern IMPORTING = Pattern.compile("Importing \\[(.+?)\\] is not allowed");
    private static final Pattern NOT_ALLOWED_ON = Pattern.compile("not allowed on \\[(.+?)\\]");
    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("execute", "it would run a process"),
            Map.entry("evaluate", "it would compile and run other code"),
            Map.entry("println", "a workflow file cannot print"), Map.entry("print", "a workflow file cannot print"),
            Map.entry("printf", "a workflow file cannot print"),
            Map.entry("sleep", "a workflow file cannot wait"), Map.entry("wait", "a workflow file cannot wait"),
            Map.entry("exit", "it would stop Gantry"), Map.entry("getRuntime", "it would reach the Java runtime"), Map.entry("halt", "it would stop Gantry"),
            Map.entry("getenv", "a workflow file cannot read the environment"));
    private final String scriptClassName;
    private final List<String> allowedTypes;
    private SourceUnit source;
    private final Set<String> refusals = new HashSet<>();

    SandboxCustomizer(String scriptClassName) {
        this.scriptClassName = scriptClassName;
        List<String> types = new ArrayList<>();
        types.addAll(ScriptPolicy.VALUE_TYPES);
        types.addAll(ScriptPolicy.DSL_TYPES);
        types.add(scriptClassName);
        types.add("groovy.transform.BaseScript"); // only as @BaseScript WorkflowScript (see AnnotationBan)
        this.allowedTypes = List.copyOf(types);
        setPackageAllowed(false);
        setMethodDefinitionAllowed(true);
        setClosuresAllowed(true);
        setAllowedImports(allowedTypes);
        setAllowedStarImports(List.of());
        setIndirectImportCheckEnabled(true);
        setAllowedReceivers(allowedTypes);
        setDisallowedExpressions(List.of(MethodPointerExpression.class, AttributeExpression.class,
                MethodReferenceExpression.class));
        setDisallowedStatements(List.of(TryCatchStatement.class, ThrowStatement.class, SynchronizedStatement.class));
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        this.source = source;
        ModuleNode ast = source.getAST();
        boolean refused = false;
        for (ImportNode i : ast.getImports()) {
            if (!allowedTypes.contains(i.getClassName())) {
                refuse(i, "import of " + i.getClassName() + " (only text, numbers, lists, maps and the DSL classes "
                        + "can be used)");
                refused = true;
            }
        }
        for (ImportNode i : ast.getStarImports()) {
            refuse(i, "import " + i.getPackageName() + "* (star imports)");
            refused = true;
        }
        for (ImportNode i : ast.getStaticImports().values()) {
            refuse(i, "static import of " + i.getClassName() + "." + i.getFieldName());
            refused = true;
        }
        for (ImportNode i : ast.getStaticStarImports().values()) {
            refuse(i, "static import of " + i.getClassName() + ".*");
            refused = true;
        }
        if (refused) {
            return;
        }
        for (ClassNode c : ast.getClasses()) {
            if (c != classNode && !c.isScript()) {
                refuse(c, "declaring a class (" + c.getNameWithoutPackage() + ")");
                return;
            }
        }
        for (MethodNode m : classNode.getMethods()) {
            if (m.getDeclaringClass() == classNode && !m.isSynthetic() && m.getLineNumber() > 0
                    && (ScriptPolicy.DENIED_NAMES.contains(m.getName()) || "run".equals(m.getName()))) {
                refuse(m, "defining a function named '" + m.getName() + "' (it would hook into Groovy's dispatch)");
            }
            if (m.getDeclaringClass() == classNode && !m.isSynthetic() && m.getLineNumber() > 0) {
                checkType(m.getReturnType(), m);
                for (Parameter p : m.getParameters()) {
                    checkType(p.getType(), p.getLineNumber() > 0 ? p : m);
                }
            }
        }
        try {
            super.call(source, context, classNode);
        } catch (SecurityException e) {
            refuse(classNode, message(e));
        }
    }

    private void checkType(ClassNode type, ASTNode where) {
        if (type == null) {
            return;
        }
        ClassNode t = type;
        while (t.isArray()) {
            t = t.getComponentType();
        }
        if (t.isGenericsPlaceHolder()) {
            return;
        }
        if (!ScriptPolicy.isAllowedType(t.getName(), scriptClassName)) {
            refuse(where, "the class " + t.getName() + " (only text, numbers, lists, maps and the DSL classes can be "
                    + "used)");
            return;
        }
        GenericsType[] generics = t.getGenericsTypes();
        if (generics != null) {
            for (GenericsType g : generics) {
                if (!g.isPlaceholder() && !g.isWildcard()) {
                    checkType(g.getType(), where);
                }
            }
        }
    }

    void refuse(ASTNode node, String what) {
        int line = Math.max(node.getLineNumber(), 1);
        String key = what.replaceFirst("^using ", "the class ").replaceFirst(" \\(.*$", "");
        if (!refusals.add(line + ":" + key)) {
            return; // e.g. "using java.io.File" right after "the class java.io.File" on the same line
        }
        int col = Math.max(node.getColumnNumber(), 1);
        source.getErrorCollector().addErrorAndContinue(new SyntaxException(MARKER + what, line, col,
                Math.max(node.getLastLineNumber(), line), Math.max(node.getLastColumnNumber(), col)), source);
    }

    private static String message(SecurityException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = IMPORTING.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return "the class " + m.group(1) + " (only text, numbers, lists, maps and the DSL classes can be used)";
            }
        }
        String msg = String.valueOf(e.getMessage());
        Matcher on = NOT_ALLOWED_ON.matcher(msg);
        if (on.find()) {
            return "using " + on.group(1);
        }
        return msg;
    }

    private static String nameOf(Expression e) {
        return e instanceof ConstantExpression c && c.getValue() instanceof String s ? s : null;
    }

    private String denied(String name) {
        String why = WHY.get(name);
        return "'" + name + "'" + (why == null ? " (reflection, metaprogramming and the script's plumbing are off "
                + "limits)" : " (" + why + ")");
    }

    @Override
    protected org.codehaus.groovy.ast.GroovyCodeVisitor createGroovyCodeVisitor() {
        return new PositionedVisitor();
    }

    /** Reports each refusal where it happens and keeps visiting, so one compile lists them all. */
    private final class PositionedVisitor extends SecuringCodeVisitor {
        @Override
        protected void assertStatementAuthorized(Statement statement) {
            try {
                super.assertStatementAuthorized(statement);
            } catch (SecurityException e) {
                String kind = statement instanceof TryCatchStatement ? "try/catch"
                        : statement instanceof ThrowStatement ? "throw"
                        : statement instanceof SynchronizedStatement ? "synchronized" : message(e);
                refuse(statement, kind);
            }
        }

        @Override
        protected void assertExpressionAuthorized(Expression expression) {
            if (!ownChecks(expression)) {
                return;
            }
            try {
                super.assertExpressionAuthorized(expression);
            } catch (SecurityException e) {
                if (expression instanceof MethodPointerExpression
                        || expression instanceof MethodReferenceExpression) {
                    refuse(expression, "method pointers and references (.& and ::)");
                } else if (expression instanceof AttributeExpression) {
                    refuse(expression, "direct field access (.@)");
                } else {
                    refuse(expression, message(e));
                }
            }
        }

        /** Our checks, with specific messages; false when the expression was refused. */
        private boolean ownChecks(Expression e) {
            if (e instanceof MethodCallExpression call) {
                String name = nameOf(call.getMethod());
                if (name == null) {
                    refuse(call, "calling a method by a computed name");
                    return false;
                }
                if (ScriptPolicy.DENIED_NAMES.contains(name)) {
                    refuse(call.getMethod().getLineNumber() > 0 ? call.getMethod() : call, denied(name));
                    return false;
                }
            } else if (e instanceof StaticMethodCallExpression call) {
                if (ScriptPolicy.DENIED_NAMES.contains(call.getMethod())) {
                    refuse(call, denied(call.getMethod()));
                    return false;
                }
            } else if (e instanceof PropertyExpression p && !(e instanceof AttributeExpression)) {
                String name = nameOf(p.getProperty());
                if (name == null) {
                    refuse(p, "reading a property by a computed name");
                    return false;
                }
                if (ScriptPolicy.DENIED_NAMES.contains(name)) {
                    refuse(p.getProperty().getLineNumber() > 0 ? p.getProperty() : p, denied(name));
                    return false;
                }
            } else if (e instanceof VariableExpression v && v.getAccessedVariable() instanceof DynamicVariable
                    && ScriptPolicy.DENIED_NAMES.contains(v.getName())) {
                refuse(v, denied(v.getName()));
                return false;
            } else if (e instanceof ConstructorCallExpression c) {
                if (c.isUsingAnonymousInnerClass()) {
                    refuse(c, "declaring a class (anonymous)");
                    return false;
                }
                checkType(c.getType(), c);
            } else if (e instanceof ClassExpression c) {
                checkType(c.getType(), c);
            } else if (e instanceof CastExpression c) {
                checkType(c.getType(), c);
            } else if (e instanceof DeclarationExpression d) {
                if (d.getLeftExpression() instanceof VariableExpression v) {
                    checkType(v.getOriginType(), d);
                } else {
                    for (Expression x : d.getTupleExpression().getExpressions()) {
                        checkType(((VariableExpression) x).getOriginType(), d);
                    }
                }
            } else if (e instanceof ClosureExpression c && c.getParameters() != null) {
                for (Parameter p : c.getParameters()) {
                    checkType(p.getOriginType(), p.getLineNumber() > 0 ? p : c);
                }
            } else if (e instanceof ArrayExpression a) {
                checkType(a.getElementType(), a);
            }
            return true;
        }

        @Override
        public void visitMethodCallExpression(MethodCallExpression call) {
            try {
                super.visitMethodCallExpression(call);
            } catch (SecurityException e) {
                refuse(call, message(e));
            }
        }

        @Override
        public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
            try {
                super.visitStaticMethodCallExpression(call);
            } catch (SecurityException e) {
                refuse(call, message(e));
            }
        }
    }
}
