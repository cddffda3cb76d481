package dev.gantry.dsl.groovy;

import java.util.Set;

/**
 * What a workflow script may touch. Loading a workflow must never run arbitrary code with the user's rights, so a
 * script sees only values (text, numbers, booleans, lists, maps, ranges, closures), the DSL's own classes, and the
 * methods of those: no classes besides these can be named, no method that is not on this list can be called, and
 * no expression may even produce a value of another type. The lists are used by {@link SandboxCustomizer} (what
 * the source names) and {@link SandboxTypeChecking} (what each call resolves to). {@code docs/groovy-dsl.md} says
 * the same in words.
 */
final class ScriptPolicy {
    private ScriptPolicy() {
    }

    /** Classes a script may name (types of variables and parameters, casts, static calls) and hold values of. */
    static final Set<String> VALUE_TYPES = Set.of(
            "java.lang.Object", "java.lang.String", "java.lang.CharSequence", "groovy.lang.GString",
            "org.codehaus.groovy.runtime.GStringImpl",
            "java.lang.Boolean", "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte",
            "java.lang.Double", "java.lang.Float", "java.lang.Number", "java.lang.Character",
            "java.math.BigDecimal", "java.math.BigInteger", "java.lang.Math",
            "boolean", "int", "long", "short", "byte", "double", "float", "char", "void",
            "java.lang.Iterable", "java.util.Collection", "java.util.List", "java.util.ArrayList",
            "java.util.LinkedList", "java.util.Set", "java.util.LinkedHashSet", "java.util.HashSet",
            "java.util.SortedSet", "java.util.TreeSet", "java.util.Map", "java.util.LinkedHashMap",
            "java.util.HashMap", "java.util.SortedMap", "java.util.TreeMap", "java.util.Map$Entry",
            "java.util.Iterator", "java.util.ListIterator",
            "groovy.lang.Range", "groovy.lang.IntRange", "groovy.lang.ObjectRange", "groovy.lang.EmptyRange",
            "groovy.lang.NumberRange", "groovy.lang.Closure", "groovy.lang.Tuple", "groovy.lang.Tuple2",
            "groovy.lang.Tuple3", "groovy.lang.ListWithDefault", "groovy.lang.MapWithDefault",
            "java.util.regex.Matcher", "java.util.regex.Pattern",
            // interfaces that String and the boxed numbers implement (least upper bounds of mixed lists)
            "java.lang.Comparable", "java.io.Serializable", "java.lang.constant.Constable",
            "java.lang.constant.ConstantDesc", "java.lang.Cloneable", "java.util.RandomAccess",
            "java.util.SequencedCollection", "java.util.SequencedMap", "java.util.SequencedSet");

    /** The class name every workflow script is compiled to (each load has its own class loader). */
    static final String SCRIPT_CLASS = "GantryWorkflowScript";

    /** The DSL's package: its public classes and their public methods are the DSL. */
    static final String DSL_PACKAGE = "dev.gantry.dsl.groovy.";

    /** The DSL classes a script may name (e.g. as the parameter type of a helper function). */
    static final Set<String> DSL_TYPES = Set.of(
            DSL_PACKAGE + "WorkflowScript", DSL_PACKAGE + "WorkflowSpec", DSL_PACKAGE + "GroupSpec",
            DSL_PACKAGE + "ActionContainerSpec", DSL_PACKAGE + "ActionSpec", DSL_PACKAGE + "EnvironmentSpec",
            DSL_PACKAGE + "CachingSpec", DSL_PACKAGE + "InputsSpec", DSL_PACKAGE + "OutputsSpec",
            DSL_PACKAGE + "ReportSpec", DSL_PACKAGE + "ConfigurationSpec", DSL_PACKAGE + "StepsSpec",
            DSL_PACKAGE + "TriggerSpec");

    /** Groovy's extension methods that may be called, when their receiver is one of the value types. */
    static final Set<String> EXTENSION_CLASSES = Set.of(
            "org.codehaus.groovy.runtime.DefaultGroovyMethods",
            "org.codehaus.groovy.runtime.StringGroovyMethods",
            "org.codehaus.groovy.runtime.ArrayGroovyMethods");

    /**
     * Extension methods that may be called on a plain {@code Object} receiver (most of Groovy's {@code Object}
     * methods reach properties, metaclasses or the console by name).
     */
    static final Set<String> OBJECT_EXTENSIONS = Set.of(
            "each", "eachWithIndex", "collect", "find", "findAll", "findResult", "findIndexOf", "any", "every",
            "inject", "with", "tap", "is", "isCase", "isNotCase", "asBoolean", "toString", "grep", "iterator",
            "sum", "join", "count", "max", "min", "equals", "split", "asList", "toList", "in", "compareTo");

    /**
     * Names never callable nor readable as properties, whatever the receiver: reflection and metaprogramming
     * (getClass, metaClass, invokeMethod, getProperty, classLoader...), evaluating code (evaluate), processes
     * (execute), the console (print, println), threads and timing (sleep, wait), the script's binding, and the
     * closure plumbing that reaches outside the DSL (owner, delegate, thisObject).
     */
    static final Set<String> DENIED_NAMES = Set.of(
            "getClass", "class", "getMetaClass", "setMetaClass", "metaClass", "invokeMethod", "getProperty",
            "setProperty", "getProperties", "properties", "getMetaPropertyValues", "metaPropertyValues",
            "hasProperty", "respondsTo", "methodMissing", "propertyMissing", "$static_methodMissing",
            "$static_propertyMissing", "mixin", "use", "withTraits", "getClassLoader", "classLoader",
            "getDeclaringClass", "declaringClass", "forName", "newInstance", "evaluate", "execute",
            "executeAndWait", "consumeProcessOutput", "waitForProcessOutput", "sleep", "wait", "notify", "notifyAll",
            "finalize", "print", "println", "printf", "addShutdownHook", "getBinding", "setBinding", "binding",
            "getOwner", "owner", "getDelegate", "setDelegate", "delegate", "getThisObject", "thisObject", "rehydrate",
            "dehydrate", "setResolveStrategy", "getResolveStrategy", "resolveStrategy", "setDirective",
            "getDirective", "directive", "asType", "dump", "identity", "exit",
            "halt", "getRuntime", "loadLibrary", "getenv", "getInteger", "getLong", "getBoolean", "setOut", "getOut", "out", "getMethods", "getDeclaredMethods", "getFields", "getDeclaredFields",
            "getConstructors", "getDeclaredConstructors", "getInterfaces", "getSuperclass", "super$");

    /** Whether a value of the named class may exist in a script (value types, DSL types, arrays of them). */
    static boolean isAllowedType(String className, String scriptClassName) {
        String name = className;
        while (name.endsWith("[]")) {
            name = name.substring(0, name.length() - 2);
        }
        return VALUE_TYPES.contains(name) || DSL_TYPES.contains(name) || isScriptClass(name, scriptClassName);
    }

    static boolean isScriptClass(String className, String scriptClassName) {
        return className.equals(scriptClassName) || className.startsWith(scriptClassName + "$");
    }
}
