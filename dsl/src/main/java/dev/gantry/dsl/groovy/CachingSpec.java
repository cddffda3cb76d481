package dev.gantry.dsl.groovy;

import dev.gantry.engine.model.FileCache;
import groovy.transform.NamedParam;

import java.util.List;
import java.util.Map;

/** The {@code caching { ... }} block: {@code Caching.FileCaching} entries. */
public final class CachingSpec {
    private final DslContext ctx;
    private final String path;
    private final Map<String, FileCache> caches;

    CachingSpec(DslContext ctx, String path, Map<String, FileCache> caches) {
        this.ctx = ctx;
        this.path = path;
        this.caches = caches;
    }

    /** A file cache: {@code fileCache 'maven', path: '/root/.m2/repository', restoreKeys: ['maven-main']}. */
    public void fileCache(@NamedParam("path")
                          @NamedParam("restoreKeys") Map<String, ?> args,
                          CharSequence name) {
        CallSite site = ctx.site();
        ctx.checkNamedArgs(args, List.of("path", "restoreKeys"), "fileCache", site);
        String n = ctx.text(name);
        if (caches.containsKey(n)) {
            ctx.error(site.valueAt("fileCache", n), "duplicate-key", "cache '" + n + "' is already declared");
            return;
        }
        String p = path + "/" + n;
        String cachePath = ctx.text(args.get("path"));
        List<String> restoreKeys = ctx.texts(args.get("restoreKeys"), "RestoreKeys");
        ctx.mark(p, site.valueAt("fileCache", n));
        ctx.mark(p + "/Path", site.valueAt("path", cachePath));
        for (int i = 0; i < restoreKeys.size(); i++) {
            ctx.mark(p + "/RestoreKeys/" + i, site.valueAt("restoreKeys", restoreKeys.get(i)));
        }
        caches.put(n, new FileCache(n, cachePath, restoreKeys));
    }
}
