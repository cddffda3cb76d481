package dev.gantry.actions.gha;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GitHub action's {@code action.yml} (or {@code action.yaml}): its inputs with defaults, outputs, and how it runs
 * ({@code runs.using}: {@code node12/16/20}, {@code composite} or {@code docker}).
 *
 * @param name     {@code name}
 * @param inputs   input name to its default ({@code null} when none), in file order
 * @param required the inputs marked {@code required: true}
 * @param outputs  composite actions: output name to its {@code value} expression
 * @param runs     the {@code runs} mapping as plain values
 */
public record ActionMetadata(String name, Map<String, String> inputs, List<String> required,
                             Map<String, String> outputs, Map<String, Object> runs) {
    /** The largest action.yml read. */
    public static final long MAX_BYTES = 1 << 20;

    /** The {@code using} value. */
    public String using() {
        return GithubStep.text(runs.get("using"));
    }

    /** A {@code runs} key as text, or {@code null}. */
    public String run(String key) {
        return GithubStep.text(runs.get(key));
    }

    /** The composite steps. */
    public List<GithubStep> steps() {
        return GithubStep.of(runs.get("steps"));
    }

    /** Whether a using value is a Node.js runtime. */
    public boolean isNode() {
        String u = using();
        return u != null && u.matches("node\\d+");
    }

    /** Reads the metadata file of the action in {@code folder}. */
    public static ActionMetadata read(Path folder) throws IOException {
        Path file = folder.resolve("action.yml");
        if (!Files.isRegularFile(file)) {
            file = folder.resolve("action.yaml");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("no action.yml or action.yaml in " + folder);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit((int) MAX_BYTES);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(options)).load(Files.readString(file));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(doc instanceof Map<?, ?> m) || !(m.get("runs") instanceof Map<?, ?> runs)) {
            throw new IOException(file + " has no runs: section");
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        List<String> required = new java.util.ArrayList<>();
        if (m.get("inputs") instanceof Map<?, ?> in) {
            in.forEach((k, v) -> {
                Map<?, ?> spec = v instanceof Map<?, ?> x ? x : Map.of();
                inputs.put(String.valueOf(k), GithubStep.text(spec.get("default")));
                if (Boolean.TRUE.equals(spec.get("required"))) {
                    required.add(String.valueOf(k));
                }
            });
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        if (m.get("outputs") instanceof Map<?, ?> out) {
            out.forEach((k, v) -> outputs.put(String.valueOf(k),
                    v instanceof Map<?, ?> spec ? GithubStep.text(spec.get("value")) : null));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        runs.forEach((k, v) -> r.put(String.valueOf(k), v));
        return new ActionMetadata(GithubStep.text(m.get("name")), inputs, List.copyOf(required), outputs, r);
    }
}
