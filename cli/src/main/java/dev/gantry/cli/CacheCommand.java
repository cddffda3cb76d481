package dev.gantry.cli;

import dev.gantry.actions.cache.CacheManifest;
import dev.gantry.actions.cache.CacheSettings;
import dev.gantry.actions.cache.FileCacheStore;
import dev.gantry.cli.config.ConfigOptions;
import dev.gantry.cli.workflow.WorkflowArgument;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.engine.config.GantryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code gantry cache ls|rm|prune}: the file caches of {@code Caching.FileCaching} kept in the user's cache folder
 * ({@code cache.dir} of {@code gantry.yaml}, else {@code $XDG_CACHE_HOME/gantry}, else {@code ~/.cache/gantry}).
 */
@Command(name = "cache", description = "Lists, removes and prunes file caches (Caching.FileCaching).",
        subcommands = {CacheCommand.Ls.class, CacheCommand.Rm.class, CacheCommand.Prune.class})
public final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options shared by the subcommands: the configuration (for {@code cache.dir}) and the scope filters. */
    static final class Common {
        @Mixin
        ConfigOptions config;

        @Option(names = "--workflow", paramLabel = "NAME", description = "Only caches of this workflow.")
        String workflow;

        @Option(names = "--branch", paramLabel = "BRANCH", description = "Only caches of this branch.")
        String branch;

        CacheSettings settings(PrintWriter err) throws CommandFailure {
            Path cwd = Path.of("").toAbsolutePath();
            ConfigFiles files = ConfigFiles.forThisProcess();
            GantryConfig c = config.load(files, files.repositoryRootOf(cwd.resolve(ConfigFiles.REPOSITORY_FILE)), err);
            return CacheSettings.of(System.getenv(), c.cache());
        }

        /** What a subcommand does with the settings and the store; returns the exit code. */
        interface Body {
            int run(CacheSettings settings, FileCacheStore store, PrintWriter out, PrintWriter err) throws IOException;
        }

        /** Loads the settings, opens the store and runs {@code body}, turning failures into messages and exits. */
        int run(CommandSpec spec, String name, Body body) throws CommandFailure {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                CacheSettings s = settings(err);
                return body.run(s, new FileCacheStore(s.dir(), Clock.systemUTC()), out, err);
            } catch (IOException e) {
                err.println("gantry cache " + name + ": " + e.getMessage());
                return ExitCode.USAGE.code();
            } finally {
                out.flush();
                err.flush();
            }
        }

        Predicate<CacheManifest> scope() {
            return m -> (workflow == null || workflow.equals(m.workflow()))
                    && (branch == null || branch.equals(m.branch()));
        }
    }

    /** {@code gantry cache ls}. */
    @Command(name = "ls", description = "Lists the caches, least recently used first.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Common common;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CommandFailure {
            return common.run(spec, "ls", (s, store, out, err) -> {
                List<FileCacheStore.Listed> all = store.list().stream()
                        .filter(l -> common.scope().test(l.manifest())).toList();
                if (all.isEmpty()) {
                    out.println("No caches in " + s.dir() + ".");
                    return 0;
                }
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"WORKFLOW", "BRANCH", "KEY", "PATH", "FILES", "SIZE", "LAST USED"});
                DateTimeFormatter t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                        .withZone(ZoneId.systemDefault());
                for (FileCacheStore.Listed l : all) {
                    CacheManifest m = l.manifest();
                    rows.add(new String[] {m.workflow(), m.branch(), m.key(), m.path(), String.valueOf(m.files()),
                            CacheSettings.formatSize(m.bytes()), t.format(l.lastUsed())});
                }
                print(out, rows);
                out.println(all.size() + (all.size() == 1 ? " cache" : " caches") + "; the store holds "
                        + CacheSettings.formatSize(store.storedBytes()) + " (identical files once; cap "
                        + CacheSettings.formatSize(s.maxBytes()) + ") in " + s.dir());
                return 0;
            });
        }
    }

    /** {@code gantry cache rm}. */
    @Command(name = "rm", description = "Removes caches by key (with --workflow/--branch to narrow), or all with --all.")
    static final class Rm implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(arity = "0..*", paramLabel = "KEY", description = "Cache keys to remove.")
        List<String> keys = new ArrayList<>();

        @Option(names = "--all", description = "Remove every cache (in the --workflow/--branch scope if given).")
        boolean all;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CommandFailure {
            if (keys.isEmpty() && !all) {
                spec.commandLine().getErr().println("gantry cache rm: name the keys to remove, or use --all");
                spec.commandLine().getErr().flush();
                return ExitCode.USAGE.code();
            }
            return common.run(spec, "rm", (s, store, out, err) -> {
                List<CacheManifest> removed = store.remove(common.scope().and(m -> all || keys.contains(m.key())));
                for (CacheManifest m : removed) {
                    out.println("Removed " + m.key() + " (" + m.workflow() + " on " + m.branch() + ", "
                            + CacheSettings.formatSize(m.bytes()) + ")");
                }
                if (removed.isEmpty()) {
                    out.println("No cache matched.");
                    return keys.isEmpty() ? 0 : 1;
                }
                return 0;
            });
        }
    }

    /** {@code gantry cache prune}. */
    @Command(name = "prune", description = "Removes caches unused for 14 days (or --older-than), then the least "
            + "recently used ones until the store fits the size cap (cache.maxSize, or --max-size).")
    static final class Prune implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--max-size", paramLabel = "SIZE", description = "Size cap, e.g. 2G or 500M "
                + "(default: cache.maxSize, else 5G).")
        String maxSize;

        @Option(names = "--older-than", paramLabel = "DAYS", description = "Remove caches unused for this many days "
                + "(default: 14).")
        Integer olderThanDays;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CommandFailure {
            return common.run(spec, "prune", (s, store, out, err) -> {
                long max;
                try {
                    max = maxSize == null ? s.maxBytes() : CacheSettings.parseSize(maxSize);
                } catch (IllegalArgumentException e) {
                    err.println("gantry cache prune: --max-size: " + e.getMessage());
                    return ExitCode.USAGE.code();
                }
                Duration age = olderThanDays == null ? s.maxAge() : Duration.ofDays(olderThanDays);
                FileCacheStore.Pruned p = store.prune(max, age);
                for (CacheManifest m : p.removed()) {
                    out.println("Removed " + m.key() + " (" + m.workflow() + " on " + m.branch() + ")");
                }
                out.println("Freed " + CacheSettings.formatSize(p.freedBytes()) + "; the store holds "
                        + CacheSettings.formatSize(p.storedBytes()) + " (cap " + CacheSettings.formatSize(max) + ")");
                return 0;
            });
        }
    }

    private static void print(PrintWriter out, List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean numeric = i == 4 || i == 5;
                String cell = numeric ? " ".repeat(w[i] - r[i].length()) + r[i] : r[i] + " ".repeat(w[i] - r[i].length());
                b.append(cell).append(i < r.length - 1 ? "  " : "");
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
