package dev.gantry.dsl.action;

import dev.gantry.engine.action.AdkAction;
import dev.gantry.engine.action.CustomActionCatalog.Lookup;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a custom action's {@code action.yml} (ADK, reference §2.14) into an {@link AdkAction}: {@code Name},
 * {@code Version}, {@code Configuration} (each parameter's {@code Required} and {@code Default}),
 * {@code Inputs.Sources.Required} and {@code Runs} ({@code Using}, {@code Main}, {@code Pre}, {@code Post}). A file
 * that is missing, too large, not YAML, or without {@code Runs.Main} is a {@link Lookup.Missing} naming it.
 */
public final class AdkActionFile {
    static final long MAX_BYTES = 256 * 1024;

    private AdkActionFile() {
    }

    /** The action.yml of the action in {@code folder}: {@code .codecatalyst/actions/action.yml}, else {@code action.yml}. */
    public static Path locate(Path folder) {
        Path adk = folder.resolve(".codecatalyst").resolve("actions").resolve("action.yml");
        return Files.isRegularFile(adk) ? adk : folder.resolve("action.yml");
    }

    /** Reads {@code file}; the action's scripts are relative to {@code directory}. */
    public static Lookup read(Path file, Path directory) {
        if (!Files.isRegularFile(file)) {
            return new Lookup.Missing("no action.yml at " + file);
        }
        Object root;
        try {
            if (Files.size(file) > MAX_BYTES) {
                return new Lookup.Missing(file + " is over 256 KiB; an action.yml is a short description");
            }
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            root = new Yaml(options).load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Lookup.Missing("cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            return new Lookup.Missing(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> top)) {
            return new Lookup.Missing(file + " must be a mapping (Name, Configuration, Runs, ...)");
        }
        Map<?, ?> runs = top.get("Runs") instanceof Map<?, ?> m ? m : Map.of();
        String main = text(runs.get("Main"));
        String using = text(runs.get("Using"));
        if (main == null || using == null) {
            return new Lookup.Missing(file + ": Runs.Using and Runs.Main are required (e.g. Using: node18, "
                    + "Main: dist/index.js)");
        }
        List<AdkAction.Input> inputs = new ArrayList<>();
        if (top.get("Configuration") instanceof Map<?, ?> conf) {
            conf.forEach((k, v) -> {
                Map<?, ?> p = v instanceof Map<?, ?> m ? m : Map.of();
                inputs.add(new AdkAction.Input(String.valueOf(k), "true".equalsIgnoreCase(text(p.get("Required"))),
                        text(p.get("Default"))));
            });
        }
        boolean sources = top.get("Inputs") instanceof Map<?, ?> in && in.get("Sources") instanceof Map<?, ?> s
                && "true".equalsIgnoreCase(text(s.get("Required")));
        String name = text(top.get("Name"));
        return new Lookup.Found(new AdkAction(name == null ? directory.getFileName().toString() : name,
                text(top.get("Version")), directory, file, using, main, text(runs.get("Pre")), text(runs.get("Post")),
                inputs, sources));
    }

    private static String text(Object v) {
        return v == null || v instanceof Map || v instanceof List ? null : String.valueOf(v).strip();
    }
}
