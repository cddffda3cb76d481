package dev.gantry.dsl.groovy;

import java.util.List;

/** Appends {@code dependsOn} names, recording where each was written. */
final class DependsOnList {
    private DependsOnList() {
    }

    static void add(DslContext ctx, List<String> into, String path, List<String> names, CallSite site) {
        ctx.mark(path, site.at("dependsOn"));
        for (String n : names) {
            ctx.mark(path + "/" + into.size(), site.valueAt("dependsOn", n));
            into.add(n);
        }
    }
}
