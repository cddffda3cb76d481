package dev.gantry.dsl.groovy;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.MethodNode;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.syntax.Types;
import org.codehaus.groovy.transform.stc.ExtensionMethodNode;
import org.codehaus.groovy.transform.stc.StaticTypeCheckingVisitor;
import org.codehaus.groovy.transform.stc.StaticTypesMarker;
import org.codehaus.groovy.transform.stc.TypeCheckingExtension;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The static type checker's half of the sandbox: workflow scripts are compiled with {@code @CompileStatic}, so every
 * call is bound to one method at compile time, and this extension allows only methods of the
 * {@link ScriptPolicy#VALUE_TYPES value types}, the DSL, the script itself, and Groovy's collection and string
 * extension methods on those (never Groovy's process, file, stream or network extensions). A method whose result
 * would be of any other type is refused too, and so is reading a property of another type, so a script can never
 * hold a {@code File}, a {@code Process}, a {@code Class} or a {@code Thread}.
 *
 * <p>Loaded by name by the compiler ({@code @CompileStatic(extensions = ...)}); public for that reason only.
 */
public final class SandboxTypeChecking extends TypeCheckingExtension {
    private static final Set<String> INTERRUPT_CHECK = Set.of("java.lang.Thread#currentThread",
            "java.lang.Thread#isInterrupted", "java.lang.InterruptedException#<init>");

    public SandboxTypeChecking(StaticTypeCheckingVisitor visitor) {
        super(visitor);
    }

    private static String scriptClassName() {
        return ScriptPolicy.SCRIPT_CLASS;
    }

    @Override
    public void onMethodSelection(Expression expression, MethodNode target) {
        String refusal = refusal(expression, target);
        if (refusal != null) {
            addStaticTypeError(SandboxCustomizer.MARKER + refusal, expression);
        }
    }

    private String refusal(Expression expression, MethodNode target) {
        String name = target.getName();
        String declaring = target.getDeclaringClass().getName();
        if (expression.getLineNumber() <= 0 && INTERRUPT_CHECK.contains(declaring + "#" + name)) {
            return null; // the time limit's own check, added by the compiler
        }
        if (ScriptPolicy.DENIED_NAMES.contains(name)) {
            return "'" + name + "'";
        }
        String script = scriptClassName();
        ClassNode result = target.getReturnType();
        if (target instanceof ExtensionMethodNode ext) {
            MethodNode real = ext.getExtensionMethodNode();
            String owner = real.getDeclaringClass().getName();
            if (!ScriptPolicy.EXTENSION_CLASSES.contains(owner)) {
                return "'" + name + "' (" + real.getDeclaringClass().getNameWithoutPackage() + " reaches outside "
                        + "the workflow: files, processes, streams or the network)";
            }
            ClassNode self = real.getParameters().length > 0 ? real.getParameters()[0].getType() : null;
            String selfName = self == null ? "" : erased(self);
            if (("getAt".equals(name) || "putAt".equals(name)) && real.getParameters().length > 1
                    && isText(real.getParameters()[1].getType()) && !isMap(self)) {
                return "'" + name + "' with a text index on " + selfName + " (it reads properties by name)";
            }
            if (self == null || "java.lang.Object".equals(selfName)) {
                if (!ScriptPolicy.OBJECT_EXTENSIONS.contains(name)) {
                    return "'" + name + "' on a value of unknown type";
                }
            } else if (!ScriptPolicy.isAllowedType(selfName, script)) {
                return "'" + name + "' on " + selfName;
            }
        } else if (!declaring.startsWith(ScriptPolicy.DSL_PACKAGE) || !ScriptPolicy.DSL_TYPES.contains(declaring)) {
            if (!ScriptPolicy.isAllowedType(declaring, script)) {
                return "calling " + target.getDeclaringClass().getNameWithoutPackage() + "." + name;
            }
            if ("java.lang.Object".equals(declaring) && !Set.of("toString", "equals", "hashCode").contains(name)) {
                return "'" + name + "'";
            }
            if ("groovy.lang.Closure".equals(declaring) && "run".equals(name)) {
                return "'run' (a step is written sh '...': run is a method of every Groovy closure)";
            }
            if ("groovy.lang.Closure".equals(declaring) && !Set.of("call", "curry", "rcurry", "ncurry", "memoize",
                    "doCall").contains(name)) {
                return "'" + name + "' on a closure";
            }
        }
        if (!target.isVoidMethod() && !"<init>".equals(name) && !allowedResult(result, script)) {
            return "'" + name + "' (it gives a " + erased(result) + ")";
        }
        return null;
    }

    private static boolean isText(ClassNode t) {
        String n = erased(t);
        return n.equals("java.lang.String") || n.equals("java.lang.CharSequence") || n.equals("groovy.lang.GString");
    }

    private static boolean isMap(ClassNode t) {
        return t != null && (t.equals(ClassHelper.MAP_TYPE) || t.implementsInterface(ClassHelper.MAP_TYPE));
    }

    private static boolean allowedResult(ClassNode type, String script) {
        if (type == null || type.isGenericsPlaceHolder()) {
            return true;
        }
        return ScriptPolicy.isAllowedType(erased(type), script);
    }

    private static String erased(ClassNode type) {
        ClassNode t = type;
        while (t.isArray()) {
            t = t.getComponentType();
        }
        if (t.isGenericsPlaceHolder()) {
            return "java.lang.Object";
        }
        return t.redirect().getName();
    }

    @Override
    public void afterVisitMethod(MethodNode node) {
        if (node.getCode() == null) {
            return;
        }
        String script = scriptClassName();
        Set<ASTNode> reported = new LinkedHashSet<>();
        node.getCode().visit(new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return null;
            }

            @Override
            public void visitPropertyExpression(PropertyExpression expression) {
                super.visitPropertyExpression(expression);
                check(expression);
            }

            @Override
            public void visitVariableExpression(VariableExpression expression) {
                super.visitVariableExpression(expression);
                if (expression.getLineNumber() > 0 && !expression.isThisExpression()
                        && !expression.isSuperExpression()) {
                    check(expression);
                }
            }

            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                super.visitMethodCallExpression(call);
                check(call);
            }

            @Override
            public void visitBinaryExpression(BinaryExpression expression) {
                super.visitBinaryExpression(expression);
                if (expression.getLineNumber() <= 0 || reported.contains(expression)) {
                    return;
                }
                String refusal = null;
                if (expression.getOperation().getType() == Types.LEFT_SQUARE_BRACKET
                        && !subscriptIsIndex(expression)) {
                    refusal = "'" + expression.getText() + "' ([] reads a map entry, or a list or text element by "
                            + "number; not a property)";
                }
                // operators ([], <<, +, ...) are calls too; the checker binds them without asking the extension
                Object target = expression.getNodeMetaData(StaticTypesMarker.DIRECT_METHOD_CALL_TARGET);
                if (refusal == null && target instanceof MethodNode m) {
                    refusal = refusal(expression, m);
                }
                if (refusal != null) {
                    reported.add(expression);
                    addStaticTypeError(SandboxCustomizer.MARKER + refusal, expression);
                    return;
                }
                check(expression);
            }

            /** {@code map[key]}, {@code list[0]}, {@code text[1..2]}: yes; {@code value['class']}: no. */
            private boolean subscriptIsIndex(BinaryExpression e) {
                ClassNode left = getType(e.getLeftExpression());
                ClassNode right = getType(e.getRightExpression());
                if (left == null) {
                    return false;
                }
                if (left.equals(ClassHelper.MAP_TYPE) || left.implementsInterface(ClassHelper.MAP_TYPE)) {
                    return true;
                }
                boolean indexable = left.isArray() || left.equals(ClassHelper.LIST_TYPE)
                        || left.implementsInterface(ClassHelper.LIST_TYPE)
                        || left.implementsInterface(ClassHelper.make(Collection.class))
                        || left.equals(ClassHelper.STRING_TYPE) || left.equals(ClassHelper.GSTRING_TYPE)
                        || left.implementsInterface(ClassHelper.make(CharSequence.class))
                        || left.equals(ClassHelper.make(CharSequence.class));
                if (!indexable || right == null) {
                    return false;
                }
                ClassNode r = ClassHelper.getWrapper(right);
                return r.isDerivedFrom(ClassHelper.Number_TYPE) || r.equals(ClassHelper.Number_TYPE)
                        || r.implementsInterface(ClassHelper.make(Collection.class))
                        || r.equals(ClassHelper.LIST_TYPE) || r.implementsInterface(ClassHelper.LIST_TYPE)
                        || r.equals(ClassHelper.RANGE_TYPE) || r.implementsInterface(ClassHelper.RANGE_TYPE);
            }

            @Override
            public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
                super.visitStaticMethodCallExpression(call);
                check(call);
            }

            private void check(Expression e) {
                if (e.getLineNumber() <= 0) {
                    return;
                }
                ClassNode type = getType(e);
                if (type == null || type.isGenericsPlaceHolder() || reported.contains(e)) {
                    return;
                }
                if (type instanceof org.codehaus.groovy.ast.tools.WideningCategories.LowestUpperBoundClassNode lub) {
                    if (!allowedResult(lub.getSuperClass(), script)) {
                        refuse(e, lub.getSuperClass());
                    }
                    for (ClassNode i : lub.getInterfaces()) {
                        if (!allowedResult(i, script)) {
                            refuse(e, i);
                            return;
                        }
                    }
                    return;
                }
                if (!allowedResult(type, script)) {
                    refuse(e, type);
                }
            }

            private void refuse(Expression e, ClassNode type) {
                reported.add(e);
                addStaticTypeError(SandboxCustomizer.MARKER + "'" + e.getText() + "' (it gives a " + erased(type)
                        + ")", e);
            }
        });
    }
}
