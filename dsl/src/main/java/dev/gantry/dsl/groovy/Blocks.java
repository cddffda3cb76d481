package dev.gantry.dsl.groovy;

import groovy.lang.Closure;

/**
 * Runs a DSL block: a copy of the closure with the spec as its delegate (delegate first, as builders do), and the
 * spec (or the given arguments) as its parameter when the block declares one ({@code group('G') { g -> ... }}).
 */
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
        Object[] actual = args.length == 0 ? new Object[] {delegate} : args;
        if (copy.getMaximumNumberOfParameters() == 0) {
            copy.call();
        } else {
            copy.call(actual);
        }
    }
}
