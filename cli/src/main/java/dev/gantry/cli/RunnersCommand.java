package dev.gantry.cli;

import dev.gantry.cli.config.ConfigOptions;
import dev.gantry.service.records.Json;
import dev.gantry.cli.run.RunnerSetup;
import dev.gantry.cli.workflow.WorkflowArgument;
import dev.gantry.dsl.config.ConfigFiles;
import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.runners.routing.HostFacts;
import dev.gantry.runners.routing.PooledRunner;
import dev.gantry.runners.routing.RunnerHealth;
import dev.gantry.runners.routing.RunnerPool;
import dev.gantry.service.RunService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code gantry runners [--json]}: the runners {@code gantry run} would use (configured, or the defaults), their
 * labels (architecture, fleets, tags), capacity and health: each one is checked now (reachable, architecture
 * confirmed, Docker engine and emulator where it needs them). Exit 0 when every runner is usable, 1 when one is
 * not, 2 for a configuration error.
 */
@Command(name = "runners", mixinStandardHelpOptions = true, sortOptions = false, description = {
    "Lists the runners gantry run would use (from gantry.yaml, or the defaults), their labels, capacity and "
        + "health, checking each one now.",
    "Exit codes: 0 every runner is usable, 1 one is not, 2 configuration error."})
public final class RunnersCommand implements Callable<Integer> {
    /** Exit code: a runner is not usable. */

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    private final Path cwd;
    private final Supplier<HostFacts> host;

    public RunnersCommand() {
        this(Path.of("").toAbsolutePath(), () -> HostFacts.ofThisMachine(System.getenv()));
    }

    /**
     * @param cwd  where the repository's {@code gantry.yaml} is looked up from
     * @param host this machine (tests give their own)
     */
    RunnersCommand(Path cwd, Supplier<HostFacts> host) {
        this.cwd = cwd;
        this.host = host;
    }

    @Override
    public Integer call() throws CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GantryConfig loaded;
        ConfigFiles files = ConfigFiles.forThisProcess();
        loaded = config.load(files, files.repositoryRootOf(cwd.resolve("gantry.yaml")), err);
        try (RunService service = new RunService(loaded, System.getenv(), host)) {
            RunnerPool pool = service.runners();
            if (RunnerSetup.printProblems(pool, err)) {
                return ExitCode.USAGE.code();
            }
            boolean allUsable = true;
            List<Map<String, Object>> rows = new ArrayList<>();
            for (PooledRunner p : pool.runners()) {
                RunnerHealth h = p.report();
                allUsable &= h.usable();
                rows.add(row(p, h));
            }
            if (json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("configured", pool.configured());
                doc.put("hostArchitecture", pool.host().architecture().label());
                doc.put("runners", rows);
                out.print(Json.pretty(doc));
            } else {
                print(out, pool, rows);
            }
            out.flush();
            return allUsable ? 0 : ExitCode.FAILED.code();
        }
    }

    private static Map<String, Object> row(PooledRunner p, RunnerHealth h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("kind", p.kind().label());
        m.put("architecture", p.architecture().map(Architecture::label).orElse(null));
        m.put("emulated", p.emulated());
        m.put("fleets", p.fleets());
        m.put("tags", List.copyOf(p.runner().labels().tags()));
        // a runner with no configured capacity runs any number of actions at once (JSON: null)
        m.put("capacity", p.runner().capacity() == Integer.MAX_VALUE ? null : p.runner().capacity());
        m.put("dockerHost", p.dockerHost());
        m.put("configuredAt", p.origin().map(o -> o.format()).orElse(null));
        m.put("usable", h.usable());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (RunnerHealth.Check c : h.checks()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("ok", c.ok());
            cm.put("required", c.required());
            cm.put("detail", c.detail());
            checks.add(cm);
        }
        m.put("checks", checks);
        return m;
    }

    private static void print(PrintWriter out, RunnerPool pool, List<Map<String, Object>> rows) {
        out.println(pool.configured() ? "Runners from the configuration:"
                : "Default runners (no runners: in gantry.yaml; see docs/runners.md):");
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"RUNNER", "KIND", "ARCH", "FLEETS", "TAGS", "CAPACITY", "HEALTH"});
        for (Map<String, Object> r : rows) {
            String arch = r.get("architecture") == null ? "?" : (String) r.get("architecture");
            @SuppressWarnings("unchecked")
            List<String> fleets = (List<String>) r.get("fleets");
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) r.get("tags");
            table.add(new String[] {(String) r.get("name"), (String) r.get("kind"),
                arch + (Boolean.TRUE.equals(r.get("emulated")) ? " (emulated)" : ""),
                fleets.isEmpty() ? onDemand(arch) : String.join(" ", fleets),
                tags.isEmpty() ? "-" : String.join(" ", tags), r.get("capacity") == null ? "any" : String.valueOf(r.get("capacity")),
                Boolean.TRUE.equals(r.get("usable")) ? "ok" : "UNUSABLE"});
        }
        int[] widths = new int[table.get(0).length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int t = 0; t < table.size(); t++) {
            String[] row = table.get(t);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        for (Map<String, Object> r : rows) {
            out.println();
            out.println(r.get("name") + (r.get("configuredAt") == null ? ", default runner"
                    : ", from " + r.get("configuredAt")) + (r.get("dockerHost") == null ? ""
                    : ", steps' DOCKER_HOST=" + r.get("dockerHost")) + ":");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> checks = (List<Map<String, Object>>) r.get("checks");
            for (Map<String, Object> c : checks) {
                boolean ok = Boolean.TRUE.equals(c.get("ok"));
                String mark = ok ? "ok" : Boolean.TRUE.equals(c.get("required")) ? "FAILED" : "note";
                out.println(String.format("  %-13s %-7s %s", c.get("name"), mark, c.get("detail")));
            }
        }
    }

    private static String onDemand(String arch) {
        return switch (arch) {
            case "amd64" -> "Linux.x86-64.*";
            case "arm64" -> "Linux.Arm64.*";
            default -> "on-demand of its architecture";
        };
    }
}
