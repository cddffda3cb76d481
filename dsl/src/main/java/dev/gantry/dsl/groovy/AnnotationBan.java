package dev.gantry.dsl.groovy;

import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.ImportNode;
import org.codehaus.groovy.ast.Parameter;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.SyntaxException;

/**
 * Refuses every annotation in a workflow file, at the first phase a customizer can run (conversion), before any
 * annotation-driven transformation could act: {@code @Grab} would download code, {@code @ASTTest} would run code
 * while compiling, and the others change what the compiler produces.
 */
final class AnnotationBan extends CompilationCustomizer {
    AnnotationBan() {
        super(CompilePhase.CONVERSION);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        Visitor visitor = new Visitor(source);
        visitor.visitClass(classNode);
        if (classNode != source.getAST().getClasses().get(0)) {
            return;
        }
        for (ImportNode i : source.getAST().getImports()) {
            visitor.check(i);
        }
        for (ImportNode i : source.getAST().getStarImports()) {
            visitor.check(i);
        }
        for (ImportNode i : source.getAST().getStaticImports().values()) {
            visitor.check(i);
        }
        for (ImportNode i : source.getAST().getStaticStarImports().values()) {
            visitor.check(i);
        }
    }

    private static final class Visitor extends ClassCodeVisitorSupport {
        private final SourceUnit source;

        Visitor(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public void visitAnnotations(AnnotatedNode node) {
            check(node);
        }

        @Override
        public void visitClosureExpression(ClosureExpression expression) {
            if (expression.getParameters() != null) {
                for (Parameter p : expression.getParameters()) {
                    check(p);
                }
            }
            super.visitClosureExpression(expression);
        }

        /**
         * {@code @groovy.transform.BaseScript WorkflowScript script} tells an IDE what the file is (so it completes
         * the DSL); it names the base class every workflow file has anyway, so it is the one annotation allowed.
         */
        private boolean isBaseScriptForIdes(AnnotationNode a, AnnotatedNode node) {
            String name = a.getClassNode().getName();
            if (!name.equals("groovy.transform.BaseScript") && !name.equals("BaseScript")) {
                return false;
            }
            if (!a.getMembers().isEmpty()) {
                return false;
            }
            if (node instanceof DeclarationExpression d
                    && d.getLeftExpression() instanceof VariableExpression v) {
                String type = v.getOriginType().getName();
                return type.equals("WorkflowScript") || type.equals(WorkflowScript.class.getName());
            }
            return false;
        }

        void check(AnnotatedNode node) {
            for (AnnotationNode a : node.getAnnotations()) {
                if (a.getLineNumber() <= 0) {
                    continue; // added by the compiler (@Generated, the script base class), not written in the file
                }
                if (isBaseScriptForIdes(a, node)) {
                    continue;
                }
                int line = a.getLineNumber();
                int col = Math.max(a.getColumnNumber(), 1);
                source.getErrorCollector().addErrorAndContinue(new SyntaxException(SandboxCustomizer.MARKER
                        + "the annotation @" + a.getClassNode().getNameWithoutPackage()
                        + " (annotations are not allowed)", line, col), source);
            }
        }
    }
}
