package dev.gantry.dsl.groovy;

import groovy.lang.Closure;

/** Runs a DSL block: a copy of the closure with the spec as its delegate (delegate first, as builders do). */
final class Blocks {
    private Blocks() {
    }

    static void run(Closure<?> body, Object delegate, Object... args) {
        if (body == null) {
            return;
        }
        Closure<?> copy = (Closure<?>) body.clone();
        copy.setResolveStrategy(Closure.DELEGATE_FIRST);
        copy.setDelegate(delegate);
        copy.call(args);
    }
}
