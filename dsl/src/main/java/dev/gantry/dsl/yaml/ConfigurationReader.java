package dev.gantry.dsl.yaml;

import dev.gantry.engine.action.ActionIdentifier.ConfigurationShape;

import dev.gantry.engine.model.Configuration;
import dev.gantry.engine.model.Container;
import dev.gantry.engine.model.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an action's {@code Configuration} by the shape its Identifier implies (reference §2.1, §2.9, §2.12):
 * build and test actions have {@code Steps} of {@code Run} commands, {@code Container} and {@code Packages};
 * GitHub Actions actions have GitHub step objects (kept as plain values); any other action's Configuration is
 * free-form and kept as plain values in file order.
 *
 * <p>{@code Packages} may be written under Configuration or on the action itself (the reference's sources
 * disagree); either way the model keeps it at {@code Configuration.properties["Packages"]} and the source map
 * answers for {@code .../Configuration/Packages/...}.
 */
final class ConfigurationReader {
    static final int MAX_STEPS = 256;
    static final int MAX_PACKAGE_REGISTRIES = 50;
    static final int MAX_SCOPES = 15;

    static final Keys STEPS_CONFIGURATION_KEYS = Keys.of("Steps", "Container", "Packages");
    static final Keys STEP_KEYS = Keys.of("Run");
    static final Keys CONTAINER_KEYS = Keys.of("Registry", "Image");
    static final List<String> REGISTRIES = List.of("CODECATALYST", "DockerHub", "ECR", "Other");
    static final Keys GITHUB_CONFIGURATION_KEYS = Keys.of("Steps");
    static final Keys GITHUB_STEP_KEYS = Keys.of("id", "if", "name", "uses", "with", "run", "env",
            "continue-on-error", "timeout-minutes", "working-directory", "shell");
    static final Keys PACKAGES_KEYS = Keys.of("NpmConfiguration", "ExportAuthorizationToken");
    static final Keys NPM_KEYS = Keys.of("PackageRegistries");
    static final Keys REGISTRY_KEYS = Keys.of("PackagesRepository", "Scopes");

    private final NodeReader r;

    ConfigurationReader(NodeReader reader) {
        this.r = reader;
    }

    Configuration read(Field config, Field actionPackages, ConfigurationShape kind, String what, String actionPath) {
        String configWhat = "the Configuration of " + what;
        Map<String, Object> properties = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        Container container = null;
        Field packages = null;
        if (config != null) {
            switch (kind) {
                case SHELL_STEPS -> {
                    Map<String, Field> c = r.fields(config, configWhat, STEPS_CONFIGURATION_KEYS);
                    if (c != null) {
                        steps = steps(c.get("Steps"));
                        container = c.containsKey("Container") ? container(c.get("Container")) : null;
                        packages = c.get("Packages");
                    }
                }
                case GITHUB_STEPS -> {
                    Map<String, Field> c = r.fields(config, configWhat, GITHUB_CONFIGURATION_KEYS);
                    if (c != null && c.containsKey("Steps")) {
                        githubSteps(c.get("Steps"));
                        properties.put("Steps", r.plain(c.get("Steps")));
                    }
                }
                case PROPERTIES -> {
                    Map<String, Field> c = r.entries(config, configWhat);
                    if (c != null) {
                        for (Field e : c.values()) {
                            properties.put(e.name(), r.plain(e));
                        }
                    }
                }
            }
        }
        if (actionPackages != null) {
            if (kind != ConfigurationShape.SHELL_STEPS) {
                r.warning(actionPackages.keyPosition(), "not-allowed", "Packages only has an effect on aws/build "
                        + "and aws/managed-test actions");
            } else if (packages != null) {
                r.error(actionPackages.keyPosition(), "duplicate-key", "Packages is given twice: under "
                        + "Configuration (line " + packages.keyPosition().line() + ") and on the action; keep one");
            } else {
                packages = actionPackages;
                r.recordTree(actionPackages, actionPath + "/Configuration/Packages");
            }
        }
        if (packages != null && kind == ConfigurationShape.SHELL_STEPS) {
            packages(packages);
            properties.put("Packages", r.plain(packages));
        }
        if (config == null && properties.isEmpty()) {
            return Configuration.NONE;
        }
        return new Configuration(steps, container, properties);
    }

    private List<Step> steps(Field f) {
        List<Step> steps = new ArrayList<>();
        if (f == null) {
            return steps;
        }
        List<Field> items = r.items(f, "Steps");
        r.limit(f.keyPosition(), items.size(), MAX_STEPS, "steps in one action");
        for (Field item : items) {
            String run = null;
            if (item.isMapping()) {
                Map<String, Field> s = r.entries(item, "a step");
                for (Field e : s.values()) {
                    if ("Name".equals(e.name())) {
                        r.warning(e.keyPosition(), "unknown-key", "a step has only Run in CodeCatalyst's schema; "
                                + "this Name is ignored (use a comment instead)");
                    } else if (!STEP_KEYS.allows(e.name())) {
                        r.unknownKey(e, "a step", STEP_KEYS);
                    }
                }
                run = r.requiredText(s, "Run", item, "a step");
            } else if (!item.isNull()) {
                r.error(item.valuePosition(), "type", "each step must be a mapping with Run, e.g. '- Run: npm ci', "
                        + "not " + item.describe());
            } else {
                r.error(item.valuePosition(), "required", "this step is empty; write '- Run: <command>'");
            }
            steps.add(new Step(run == null ? "" : run));
        }
        return steps;
    }

    private Container container(Field f) {
        Map<String, Field> c = r.fields(f, "Container", CONTAINER_KEYS);
        if (c == null || f.isNull()) {
            if (f.isNull()) {
                r.error(f.keyPosition(), "required", "Container needs Registry and Image");
            }
            return null;
        }
        String registry = null;
        if (r.require(c, "Registry", f, "Container")) {
            registry = r.oneOf(c.get("Registry"), "Container Registry", REGISTRIES, false);
        }
        String image = r.requiredText(c, "Image", f, "Container");
        return new Container(registry, image);
    }

    private void githubSteps(Field f) {
        List<Field> items = r.items(f, "Steps");
        r.limit(f.keyPosition(), items.size(), MAX_STEPS, "steps in one action");
        for (Field item : items) {
            if (!item.isMapping()) {
                r.error(item.valuePosition(), "type", "each step of a GitHub Actions action must be a GitHub step "
                        + "(a mapping with uses or run), not " + item.describe());
                continue;
            }
            Map<String, Field> s = r.fields(item, "a GitHub step", GITHUB_STEP_KEYS);
            if (!s.containsKey("uses") && !s.containsKey("run")) {
                boolean misspelt = s.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("uses")
                        || k.equalsIgnoreCase("run"));
                if (!misspelt) {
                    r.error(item.valuePosition(), "required", "a GitHub step needs uses or run");
                }
            }
        }
    }

    private void packages(Field f) {
        Map<String, Field> p = r.fields(f, "Packages", PACKAGES_KEYS);
        if (p == null) {
            return;
        }
        r.bool(p.get("ExportAuthorizationToken"), "ExportAuthorizationToken");
        Field npm = p.get("NpmConfiguration");
        if (npm == null) {
            return;
        }
        Map<String, Field> n = r.fields(npm, "NpmConfiguration", NPM_KEYS);
        if (n == null || !r.require(n, "PackageRegistries", npm, "NpmConfiguration")) {
            return;
        }
        Field registries = n.get("PackageRegistries");
        List<Field> items = r.items(registries, "PackageRegistries");
        r.limit(registries.keyPosition(), items.size(), MAX_PACKAGE_REGISTRIES, "package registries");
        for (Field item : items) {
            Map<String, Field> reg = r.fields(item, "a package registry", REGISTRY_KEYS);
            if (reg == null) {
                continue;
            }
            String repo = r.requiredText(reg, "PackagesRepository", item, "a package registry");
            if (repo != null) {
                r.pattern(reg.get("PackagesRepository").valuePosition(), repo, NamePatterns.PACKAGES_REPOSITORY,
                        "PackagesRepository", "2 to 100 letters, digits, '.', '-' and '_', starting with a letter "
                                + "or digit,");
            }
            Field scopes = reg.get("Scopes");
            List<Field> scopeItems = r.items(scopes, "Scopes");
            if (scopes != null) {
                r.limit(scopes.keyPosition(), scopeItems.size(), MAX_SCOPES, "Scopes in one registry");
            }
            for (Field s : scopeItems) {
                String scope = r.text(s, "each scope");
                if (scope != null) {
                    r.pattern(s.valuePosition(), scope, NamePatterns.PACKAGES_SCOPE, "scope",
                            "'@' followed by letters, digits, '-' and '_'");
                }
            }
        }
    }
}
