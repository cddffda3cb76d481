package dev.gantry.dsl.config;

import dev.gantry.dsl.file.InputFile;
import dev.gantry.dsl.file.UnreadableFile;
import dev.gantry.dsl.yaml.YamlNodes;
import dev.gantry.engine.config.Architecture;
import dev.gantry.engine.config.CacheConfig;
import dev.gantry.engine.config.ImagesConfig;
import dev.gantry.engine.config.NpmRepositoryConfig;
import dev.gantry.engine.config.GithubActionsConfig;
import dev.gantry.engine.config.ConfigOrigin;
import dev.gantry.engine.config.ConnectionConfig;
import dev.gantry.engine.config.CustomActionConfig;
import dev.gantry.engine.config.EnvironmentConfig;
import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.config.KubernetesConfig;
import dev.gantry.engine.config.RunnerConfig;
import dev.gantry.engine.config.RunnerKind;
import dev.gantry.engine.config.SecretsManagerConfig;
import dev.gantry.engine.config.ServerConfig;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.NameSuggestion;
import dev.gantry.engine.diagnostic.SourcePosition;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one Gantry configuration file ({@code gantry.yaml}) into a {@link GantryConfig} with SnakeYAML's node API,
 * so every problem is reported at its line and column: unknown keys (with "did you mean"), wrong types, missing
 * or invalid values. Never throws for a bad file. The format is described in {@code docs/config.md}.
 */
public final class ConfigLoader {
    static final String RULE_SYNTAX = "config-syntax";
    static final String RULE_UNKNOWN_KEY = "config-unknown-key";
    static final String RULE_TYPE = "config-type";
    /** Reported by the YAML layer ({@code "config-" + "duplicate-key"}) and for a repository named twice. */
    static final String RULE_DUPLICATE_KEY = "config-duplicate-key";
    static final String RULE_REQUIRED = "config-required";
    static final String RULE_VALUE = "config-value";
    static final String RULE_DUPLICATE_RUNNER = "config-duplicate-runner";
    static final String RULE_UNUSED_KEY = "config-unused-key";

    private static final List<String> TOP_KEYS = List.of("environments", "secrets", "runners", "cache",
            "githubActions", "server", "actions", "images", "packages");
    private static final List<String> PACKAGES_KEYS = List.of("npm");
    private static final List<String> NPM_REPOSITORY_KEYS = List.of("registry", "tokenSecret");
    private static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+");
    private static final List<String> IMAGES_KEYS = List.of("withoutContainer", "curated");
    private static final List<String> ACTION_KEYS = List.of("path", "git", "ref", "dir");
    /** A custom action identifier as a workflow writes it, with or without its version. */
    private static final Pattern CUSTOM_ACTION =
            Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+(@v\\d+(\\.\\d+){0,2})?");
    private static final List<String> ENVIRONMENT_KEYS = List.of("profile", "region", "endpointUrl", "connections");
    private static final List<String> CONNECTION_KEYS = List.of("accountId");
    private static final List<String> SECRETS_KEYS = List.of("secretsManager");
    private static final List<String> SECRETS_MANAGER_KEYS = List.of("region", "prefix", "endpointUrl", "profile");
    private static final List<String> RUNNER_KEYS = List.of("name", "kind", "architecture", "fleets", "tags",
            "capacity", "image", "host", "port", "user", "identityFile", "dockerHost", "kubernetes");
    private static final List<String> KUBERNETES_KEYS = List.of("context", "namespace", "image", "images",
            "serviceAccount", "nodeSelector", "tolerations", "labels", "provisionedFleets", "scheduleTimeout");
    private static final List<String> TOLERATION_KEYS = List.of("key", "operator", "value", "effect");
    private static final List<String> PROVISIONED_FLEET_KEYS = List.of("architecture", "nodeSelector");
    private static final List<String> CACHE_KEYS = List.of("dir", "maxSize");
    private static final List<String> SERVER_KEYS = List.of("host", "port", "dataDir", "database", "anonymousRead",
            "retention", "repositories");
    private static final List<String> DATABASE_KEYS = List.of("url", "user", "passwordEnv");
    private static final List<String> RETENTION_KEYS = List.of("days", "runsPerWorkflow");
    private static final List<String> REPOSITORY_KEYS = List.of("name", "url", "poll", "webhook", "secretEnv",
            "secretFile", "branches");
    private static final List<String> WEBHOOK_KINDS = List.of("github", "gitlab", "gitea", "generic");
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> GITHUB_ACTIONS_KEYS = List.of("cacheDir", "mirror", "actions");
    private static final Pattern GITHUB_ACTION_NAME =
            Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(@[^\\s@]+)?");
    /** Keys that only some runner kinds use. */
    private static final Map<String, RunnerKind> RUNNER_KEY_KIND = Map.of("image", RunnerKind.CONTAINER,
            "host", RunnerKind.SSH, "port", RunnerKind.SSH, "user", RunnerKind.SSH, "identityFile", RunnerKind.SSH,
            "kubernetes", RunnerKind.KUBERNETES);

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    /** A Kubernetes label or annotation key: an optional DNS prefix and a slash, then a name of up to 63. */
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    /** A Kubernetes label value: empty, or up to 63 of letters, digits, '-', '_', '.', alphanumeric at both ends. */
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    /** A DNS-1123 label (namespaces, service accounts). */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,7})\\s*(s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMGT]i?B?|B)?", Pattern.CASE_INSENSITIVE);

    private final Path home;

    /** @param home the user's home folder, for {@code ~} in paths */
    public ConfigLoader(Path home) {
        this.home = home;
    }

    /** Reads {@code file}; {@code displayName} is how diagnostics name it. */
    public LoadedConfig load(Path file, String displayName) {
        String text;
        try {
            text = new InputFile(file, InputFile.WORKFLOW_MAX_BYTES).utf8();
        } catch (UnreadableFile e) {
            Diagnostics d = new Diagnostics(displayName);
            d.error(e.position(), "config-unreadable", e.getMessage());
            return new LoadedConfig(GantryConfig.EMPTY, List.of(displayName), d.list());
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(text, displayName, dir);
    }

    /**
     * Reads configuration text; relative paths in it resolve against {@code baseDir}. The YAML goes through the same
     * node layer as workflow files ({@link YamlNodes}: positions, merge keys, alias budget, duplicate keys).
     */
    public LoadedConfig parse(String text, String displayName, Path baseDir) {
        Diagnostics diagnostics = new Diagnostics(displayName);
        Diagnostics yaml = new Diagnostics(displayName);
        Node root = YamlNodes.compose(text, yaml);
        for (Diagnostic d : yaml.list()) {
            diagnostics.add(d.position(), d.severity(), RULE_SYNTAX, d.severity() == Severity.ERROR
                    ? "not valid YAML: " + d.message() : d.message());
        }
        if (yaml.hasErrors()) {
            return new LoadedConfig(GantryConfig.EMPTY, List.of(displayName), diagnostics.list());
        }
        GantryConfig config = root == null || isNull(root) ? GantryConfig.EMPTY
                : new FileReader(displayName, baseDir, diagnostics).read(root);
        return new LoadedConfig(config, List.of(displayName), diagnostics.list());
    }

    private static SourcePosition position(Node n) {
        return YamlNodes.position(n);
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    /** Walks one file's node tree. */
    private final class FileReader {
        private final String file;
        private final Path baseDir;
        private final Diagnostics diagnostics;

        FileReader(String file, Path baseDir, Diagnostics diagnostics) {
            this.file = file;
            this.baseDir = baseDir;
            this.diagnostics = diagnostics;
        }

        GantryConfig read(Node root) {
            Map<String, NodeTuple> top = mapping(root, "the configuration file", TOP_KEYS);
            if (top == null) {
                return GantryConfig.EMPTY;
            }
            Map<String, EnvironmentConfig> environments = top.containsKey("environments")
                    ? environments(top.get("environments").getValueNode()) : Map.of();
            SecretsManagerConfig secretsManager = top.containsKey("secrets")
                    ? secrets(top.get("secrets").getValueNode()) : null;
            List<RunnerConfig> runners = top.containsKey("runners")
                    ? runners(top.get("runners").getValueNode()) : List.of();
            CacheConfig cache = top.containsKey("cache") ? cache(top.get("cache")) : null;
            GithubActionsConfig githubActions = top.containsKey("githubActions")
                    ? githubActions(top.get("githubActions")) : null;
            ServerConfig server = top.containsKey("server") ? server(top.get("server")) : null;
            Map<String, CustomActionConfig> actions = top.containsKey("actions")
                    ? actions(top.get("actions").getValueNode()) : Map.of();
            ImagesConfig images = top.containsKey("images") ? images(top.get("images")) : null;
            Map<String, NpmRepositoryConfig> npm = top.containsKey("packages")
                    ? npmRepositories(top.get("packages").getValueNode()) : Map.of();
            return new GantryConfig(environments, secretsManager, runners, cache, githubActions, server,
                    actions, images, npm);
        }

        /**
         * {@code packages: npm:}: {@code PackagesRepository} name to {@code {registry: URL, tokenSecret: NAME}}.
         */
        private Map<String, NpmRepositoryConfig> npmRepositories(Node node) {
            Map<String, NpmRepositoryConfig> result = new LinkedHashMap<>();
            Map<String, NodeTuple> p = isNull(node) ? Map.of() : mapping(node, "packages", PACKAGES_KEYS);
            NodeTuple npm = p == null ? null : p.get("npm");
            if (npm == null || isNull(npm.getValueNode())) {
                return result;
            }
            Map<String, NodeTuple> entries = mapping(npm.getValueNode(), "packages.npm", null);
            if (entries == null) {
                return result;
            }
            entries.forEach((name, tuple) -> {
                String what = "npm repository " + name;
                Map<String, NodeTuple> f = mapping(tuple.getValueNode(), what, NPM_REPOSITORY_KEYS);
                if (f == null) {
                    return;
                }
                String registry = string(f, "registry");
                if (registry == null) {
                    diagnostics.error(position(tuple.getKeyNode()), RULE_REQUIRED, what + " needs registry, the npm "
                            + "registry's URL, e.g. {registry: https://npm.example.com/, tokenSecret: NPM_TOKEN}");
                    return;
                }
                java.net.URI uri = null;
                try {
                    uri = new java.net.URI(registry);
                } catch (java.net.URISyntaxException e) {
                    // reported below
                }
                if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme())
                        || "http".equals(uri.getScheme())) || uri.getRawQuery() != null || uri.getRawFragment() != null
                        || registry.chars().anyMatch(c -> c <= ' ' || c == '$' || c == '"' || c == '\\')) {
                    diagnostics.error(position(f.get("registry").getValueNode()), RULE_VALUE, "registry '" + registry
                            + "' of " + what + " is not an http(s) URL without query, e.g. https://npm.example.com/");
                    return;
                }
                String secret = string(f, "tokenSecret");
                if (secret != null && !SECRET_NAME.matcher(secret).matches()) {
                    diagnostics.error(position(f.get("tokenSecret").getValueNode()), RULE_VALUE, "tokenSecret '"
                            + secret + "' of " + what + " is not a secret name (letters, digits, '_', '.', '-')");
                    return;
                }
                result.put(name, new NpmRepositoryConfig(name, registry, secret, origin(tuple)));
            });
            return result;
        }

        /** {@code actions:}: custom action identifier to {@code {path}} or {@code {git, ref, dir}}. */
        private Map<String, CustomActionConfig> actions(Node node) {
            Map<String, CustomActionConfig> result = new LinkedHashMap<>();
            Map<String, NodeTuple> entries = isNull(node) ? Map.of() : mapping(node, "actions", null);
            if (entries == null) {
                return result;
            }
            entries.forEach((id, tuple) -> {
                if (!CUSTOM_ACTION.matcher(id).matches()) {
                    diagnostics.error(position(tuple.getKeyNode()), RULE_VALUE, "'" + id + "' is not an action "
                            + "identifier: write owner/name@v1 (or owner/name for every version)");
                    return;
                }
                Map<String, NodeTuple> f = mapping(tuple.getValueNode(), "action " + id, ACTION_KEYS);
                if (f == null) {
                    return;
                }
                if (f.containsKey("path") == f.containsKey("git")) {
                    diagnostics.error(position(tuple.getValueNode()), RULE_REQUIRED, "action " + id
                            + " needs either path (a folder) or git (a repository), e.g. {path: ../my-action}");
                    return;
                }
                if (f.containsKey("path") && (f.containsKey("ref") || f.containsKey("dir"))) {
                    diagnostics.error(position(tuple.getValueNode()), RULE_VALUE, "action " + id
                            + ": ref and dir go with git, not with path");
                }
                String git = string(f, "git");
                if (git != null && !git.contains("://") && !git.startsWith("git@")) {
                    Path local = path(f, "git"); // a repository on this machine, relative to this file
                    git = local == null ? null : local.toString();
                }
                result.put(id, new CustomActionConfig(id, path(f, "path"), git, string(f, "ref"),
                        string(f, "dir"), origin(tuple)));
            });
            return result;
        }

        private Map<String, EnvironmentConfig> environments(Node node) {
            Map<String, EnvironmentConfig> result = new LinkedHashMap<>();
            Map<String, NodeTuple> entries = mapping(node, "environments", null);
            if (entries == null) {
                return result;
            }
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                String name = e.getKey();
                Node value = e.getValue().getValueNode();
                Map<String, NodeTuple> fields = isNull(value) ? Map.of()
                        : mapping(value, "environment '" + name + "'", ENVIRONMENT_KEYS);
                if (fields == null) {
                    continue;
                }
                String profile = string(fields, "profile");
                String region = region(fields);
                String endpoint = url(fields, "endpointUrl");
                Map<String, ConnectionConfig> connections = fields.containsKey("connections")
                        ? connections(name, fields.get("connections").getValueNode()) : Map.of();
                result.put(name, new EnvironmentConfig(name, profile, region, endpoint, connections,
                        origin(e.getValue())));
            }
            return result;
        }

        private Map<String, ConnectionConfig> connections(String environment, Node node) {
            Map<String, ConnectionConfig> result = new LinkedHashMap<>();
            Map<String, NodeTuple> entries = mapping(node, "connections of environment '" + environment + "'", null);
            if (entries == null) {
                return result;
            }
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                String name = e.getKey();
                Map<String, NodeTuple> fields = mapping(e.getValue().getValueNode(),
                        "connection '" + name + "'", CONNECTION_KEYS);
                if (fields == null) {
                    continue;
                }
                String account = string(fields, "accountId");
                if (account == null) {
                    if (!fields.containsKey("accountId")) {
                        diagnostics.error(position(e.getValue().getKeyNode()), RULE_REQUIRED, "connection '" + name
                                + "' of environment '" + environment + "' needs an accountId (the 12-digit AWS "
                                + "account whose role its actions assume)");
                    }
                    continue;
                }
                if (!EnvironmentConfig.isAccountId(account)) {
                    diagnostics.error(position(fields.get("accountId").getValueNode()), RULE_VALUE,
                            "accountId '" + account + "' is not a 12-digit AWS account id; write it in quotes, "
                                    + "e.g. accountId: '012345678901'");
                    continue;
                }
                result.put(name, new ConnectionConfig(name, account, origin(e.getValue())));
            }
            return result;
        }

        private SecretsManagerConfig secrets(Node node) {
            Map<String, NodeTuple> fields = mapping(node, "secrets", SECRETS_KEYS);
            if (fields == null || !fields.containsKey("secretsManager")) {
                return null;
            }
            NodeTuple sm = fields.get("secretsManager");
            Map<String, NodeTuple> f = isNull(sm.getValueNode()) ? Map.of()
                    : mapping(sm.getValueNode(), "secretsManager", SECRETS_MANAGER_KEYS);
            if (f == null) {
                return null;
            }
            return new SecretsManagerConfig(region(f), string(f, "prefix"), url(f, "endpointUrl"),
                    string(f, "profile"), origin(sm));
        }

        private List<RunnerConfig> runners(Node node) {
            List<RunnerConfig> result = new ArrayList<>();
            if (isNull(node)) {
                return result;
            }
            if (!(node instanceof SequenceNode seq)) {
                diagnostics.error(position(node), RULE_TYPE, "runners must be a list of runners "
                        + "(each item: '- name: ...')");
                return result;
            }
            Set<String> names = new HashSet<>();
            for (Node item : seq.getValue()) {
                Map<String, NodeTuple> f = mapping(item, "a runner", RUNNER_KEYS);
                if (f == null) {
                    continue;
                }
                RunnerConfig r = runner(item, f);
                if (r == null) {
                    continue;
                }
                if (!names.add(r.name())) {
                    diagnostics.error(position(f.get("name").getValueNode()), RULE_DUPLICATE_RUNNER,
                            "a runner named '" + r.name() + "' is already configured in this file");
                    continue;
                }
                result.add(r);
            }
            return result;
        }

        private RunnerConfig runner(Node item, Map<String, NodeTuple> f) {
            String name = string(f, "name");
            String kindText = string(f, "kind");
            boolean ok = true;
            if (name == null) {
                if (!f.containsKey("name")) {
                    diagnostics.error(position(item), RULE_REQUIRED, "a runner needs a name");
                }
                ok = false;
            }
            String label = name == null ? "a runner" : "runner '" + name + "'";
            RunnerKind kind = null;
            if (kindText == null) {
                if (!f.containsKey("kind")) {
                    diagnostics.error(position(item), RULE_REQUIRED, label
                            + " needs a kind: local, container, ssh or kubernetes");
                }
                ok = false;
            } else {
                kind = RunnerKind.parse(kindText).orElse(null);
                if (kind == null) {
                    diagnostics.error(position(f.get("kind").getValueNode()), RULE_VALUE, "unknown runner kind '"
                            + kindText + "': use local, container, ssh or kubernetes"
                            + NameSuggestion.didYouMean(kindText, List.of("local", "container", "ssh", "kubernetes")));
                    ok = false;
                }
            }
            Architecture arch = null;
            String archText = string(f, "architecture");
            if (archText != null) {
                arch = Architecture.parse(archText).orElse(null);
                if (arch == null) {
                    diagnostics.error(position(f.get("architecture").getValueNode()), RULE_VALUE,
                            "unknown architecture '" + archText + "': use amd64 or arm64");
                    ok = false;
                }
            }
            List<String> fleets = strings(f, "fleets");
            List<String> tags = strings(f, "tags");
            Integer capacity = integer(f, "capacity", 1, 1024);
            Integer port = integer(f, "port", 1, 65535);
            String image = string(f, "image");
            String host = string(f, "host");
            if (kind == RunnerKind.CONTAINER && image == null && !f.containsKey("image")) {
                diagnostics.error(position(item), RULE_REQUIRED, label + " is a container runner: it needs an image");
                ok = false;
            }
            if (kind == RunnerKind.SSH && host == null && !f.containsKey("host")) {
                diagnostics.error(position(item), RULE_REQUIRED, label + " is an ssh runner: it needs a host");
                ok = false;
            }
            if (kind != null) {
                for (Map.Entry<String, RunnerKind> k : RUNNER_KEY_KIND.entrySet()) {
                    if (f.containsKey(k.getKey()) && k.getValue() != kind) {
                        diagnostics.warning(position(f.get(k.getKey()).getKeyNode()), RULE_UNUSED_KEY,
                                k.getKey() + " is used only by " + k.getValue().label() + " runners; " + label
                                        + " is of kind " + kind.label());
                    }
                }
            }
            KubernetesConfig kubernetes = null;
            if (kind == RunnerKind.KUBERNETES) {
                if (!f.containsKey("kubernetes")) {
                    diagnostics.error(position(item), RULE_REQUIRED, label + " is a kubernetes runner: it needs a "
                            + "kubernetes section with at least an image (kubernetes: {image: ...})");
                    ok = false;
                } else {
                    kubernetes = kubernetes(label, arch, f.get("kubernetes"));
                    ok &= kubernetes != null;
                }
            }
            Path identity = path(f, "identityFile");
            if (!ok) {
                return null;
            }
            return new RunnerConfig(name, kind, arch, fleets, tags, capacity, image, host, port, string(f, "user"),
                    identity, string(f, "dockerHost"), origin(f.get("name")), kubernetes);
        }

        /**
         * The {@code kubernetes:} section of {@code label} (whose configured architecture, if any, is {@code arch}):
         * the images per architecture (a single {@code image} serves both, or only {@code arch}), pod settings and
         * provisioned fleets; {@code null} (after the errors) when it is unusable.
         */
        private KubernetesConfig kubernetes(String label, Architecture arch, NodeTuple tuple) {
            Map<String, NodeTuple> k = mapping(tuple.getValueNode(), "kubernetes", KUBERNETES_KEYS);
            if (k == null) {
                return null;
            }
            long errors = errors();
            Map<Architecture, String> images = new LinkedHashMap<>();
            String image = string(k, "image");
            if (image != null) {
                if (arch != null) {
                    images.put(arch, image);
                } else {
                    images.put(Architecture.AMD64, image);
                    images.put(Architecture.ARM64, image);
                }
            }
            if (k.containsKey("images")) {
                if (image != null) {
                    diagnostics.error(position(k.get("images").getKeyNode()), RULE_VALUE, "give either image (one "
                            + "image for every architecture) or images (one per architecture), not both");
                }
                for (Map.Entry<String, Node> e : stringKeyed(k.get("images"), "images").entrySet()) {
                    Architecture a = Architecture.parse(e.getKey()).orElse(null);
                    String v = scalar(e.getValue(), "the image of " + e.getKey());
                    if (a == null) {
                        diagnostics.error(position(e.getValue()), RULE_VALUE, "unknown architecture '" + e.getKey()
                                + "' in images: use amd64 or arm64");
                    } else if (arch != null && a != arch) {
                        diagnostics.warning(position(e.getValue()), RULE_UNUSED_KEY, label + " is " + arch.label()
                                + " only (its architecture), so its " + a.label() + " image is not used");
                    } else if (v != null) {
                        images.put(a, v);
                    }
                }
            }
            if (images.isEmpty() && errors() == errors) {
                diagnostics.error(position(tuple.getKeyNode()), RULE_REQUIRED, label + " needs the image its pods "
                        + "run: kubernetes.image (every architecture) or kubernetes.images (amd64: ..., arm64: ...); "
                        + "it needs bash, tar and setsid");
            }
            String namespace = dnsLabel(k, "namespace");
            String serviceAccount = dnsLabel(k, "serviceAccount");
            Map<String, String> nodeSelector = labels(k.get("nodeSelector"), "nodeSelector");
            Map<String, String> labels = labels(k.get("labels"), "labels");
            List<KubernetesConfig.Toleration> tolerations = tolerations(k.get("tolerations"));
            Map<String, KubernetesConfig.ProvisionedFleet> fleets = new LinkedHashMap<>();
            if (k.containsKey("provisionedFleets")) {
                for (Map.Entry<String, Node> e : stringKeyed(k.get("provisionedFleets"), "provisionedFleets")
                        .entrySet()) {
                    Map<String, NodeTuple> pf = mapping(e.getValue(), "provisioned fleet '" + e.getKey() + "'",
                            PROVISIONED_FLEET_KEYS);
                    if (pf == null) {
                        continue;
                    }
                    String a = string(pf, "architecture");
                    Architecture fa = Architecture.parse(a).orElse(null);
                    if (fa == null) {
                        diagnostics.error(position(e.getValue()), a == null ? RULE_REQUIRED : RULE_VALUE,
                                "provisioned fleet '" + e.getKey() + "' needs its nodes' architecture: amd64 or arm64");
                        continue;
                    }
                    if (!images.isEmpty() && !images.containsKey(fa)) {
                        diagnostics.error(position(pf.get("architecture").getValueNode()), RULE_VALUE,
                                "provisioned fleet '" + e.getKey() + "' is " + fa.label() + ", but " + label
                                        + " has no " + fa.label() + " image");
                        continue;
                    }
                    fleets.put(e.getKey(), new KubernetesConfig.ProvisionedFleet(fa,
                            labels(pf.get("nodeSelector"), "nodeSelector")));
                }
            }
            Duration scheduleTimeout = duration(k, "scheduleTimeout");
            if (errors() != errors) {
                return null;
            }
            return new KubernetesConfig(string(k, "context"), namespace, images, serviceAccount, nodeSelector,
                    tolerations, labels, fleets, scheduleTimeout, origin(tuple));
        }

        private List<KubernetesConfig.Toleration> tolerations(NodeTuple t) {
            List<KubernetesConfig.Toleration> result = new ArrayList<>();
            if (t == null || isNull(t.getValueNode())) {
                return result;
            }
            if (!(t.getValueNode() instanceof SequenceNode seq)) {
                diagnostics.error(position(t.getValueNode()), RULE_TYPE, "tolerations must be a list, e.g. "
                        + "tolerations: [{key: dedicated, operator: Equal, value: ci, effect: NoSchedule}]");
                return result;
            }
            for (Node item : seq.getValue()) {
                Map<String, NodeTuple> f = mapping(item, "a toleration", TOLERATION_KEYS);
                if (f == null) {
                    continue;
                }
                String operator = Optional.ofNullable(string(f, "operator")).orElse("Equal");
                String effect = string(f, "effect");
                String key = string(f, "key");
                if (!operator.equals("Equal") && !operator.equals("Exists")) {
                    diagnostics.error(position(f.get("operator").getValueNode()), RULE_VALUE, "a toleration's "
                            + "operator is Equal or Exists, not '" + operator + "'");
                } else if (effect != null && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                    diagnostics.error(position(f.get("effect").getValueNode()), RULE_VALUE, "a toleration's effect "
                            + "is NoSchedule, PreferNoSchedule or NoExecute, not '" + effect + "'");
                } else if (key == null && operator.equals("Equal")) {
                    diagnostics.error(position(item), RULE_REQUIRED, "a toleration needs a key (or operator: "
                            + "Exists, which tolerates every taint)");
                } else {
                    result.add(new KubernetesConfig.Toleration(key, operator, string(f, "value"), effect));
                }
            }
            return result;
        }

        /** A mapping of Kubernetes label keys to label values (labels, node selectors). */
        private Map<String, String> labels(NodeTuple t, String what) {
            Map<String, String> result = new LinkedHashMap<>();
            if (t == null) {
                return result;
            }
            for (Map.Entry<String, Node> e : stringKeyed(t, what).entrySet()) {
                String v = e.getValue() instanceof ScalarNode s && !isNull(s) ? s.getValue().strip() : null;
                if (!LABEL_KEY.matcher(e.getKey()).matches() || e.getKey().length() > 317) {
                    diagnostics.error(position(e.getValue()), RULE_VALUE, "'" + e.getKey() + "' in " + what
                            + " is not a Kubernetes label key (an optional DNS prefix and '/', then up to 63 letters, "
                            + "digits, '-', '_' or '.')");
                } else if (v == null || !LABEL_VALUE.matcher(v).matches()) {
                    diagnostics.error(position(e.getValue()), RULE_VALUE, "the value of " + e.getKey() + " in "
                            + what + " must be a Kubernetes label value (up to 63 letters, digits, '-', '_' or '.')");
                } else {
                    result.put(e.getKey(), v);
                }
            }
            return result;
        }

        /** A mapping's values by key text (the mapping's problems reported). */
        private Map<String, Node> stringKeyed(NodeTuple t, String what) {
            Map<String, Node> result = new LinkedHashMap<>();
            if (isNull(t.getValueNode())) {
                return result;
            }
            Map<String, NodeTuple> m = mapping(t.getValueNode(), what, null);
            if (m != null) {
                m.forEach((key, tuple) -> result.put(key, tuple.getValueNode()));
            }
            return result;
        }

        private String scalar(Node v, String what) {
            if (!(v instanceof ScalarNode s) || isNull(v) || s.getValue().isBlank()) {
                diagnostics.error(position(v), RULE_TYPE, what + " needs a single value (text)");
                return null;
            }
            return s.getValue().strip();
        }

        private String dnsLabel(Map<String, NodeTuple> fields, String key) {
            String text = string(fields, key);
            if (text != null && !DNS_LABEL.matcher(text).matches()) {
                diagnostics.error(position(fields.get(key).getValueNode()), RULE_VALUE, key + " '" + text + "' is "
                        + "not a Kubernetes name (up to 63 lower-case letters, digits and '-')");
                return null;
            }
            return text;
        }

        private long errors() {
            return diagnostics.list().stream().filter(d -> d.severity() == Severity.ERROR).count();
        }

        /** {@code 90} or {@code 90s}, {@code 5m}, {@code 1h}. */
        private Duration duration(Map<String, NodeTuple> fields, String key) {
            String text = string(fields, key);
            if (text == null) {
                return null;
            }
            Matcher m = DURATION.matcher(text);
            if (m.matches() && Long.parseLong(m.group(1)) > 0) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                return unit.equals("h") ? Duration.ofHours(n) : unit.equals("m") ? Duration.ofMinutes(n)
                        : Duration.ofSeconds(n);
            }
            diagnostics.error(position(fields.get(key).getValueNode()), RULE_VALUE, key + " '" + text
                    + "' is not a duration: write seconds, or a number with s, m or h (e.g. 90s, 5m)");
            return null;
        }

        private CacheConfig cache(NodeTuple tuple) {
            Node node = tuple.getValueNode();
            Map<String, NodeTuple> f = isNull(node) ? Map.of() : mapping(node, "cache", CACHE_KEYS);
            if (f == null) {
                return null;
            }
            Long max = null;
            String size = string(f, "maxSize");
            if (size != null) {
                max = parseSize(size);
                if (max == null) {
                    diagnostics.error(position(f.get("maxSize").getValueNode()), RULE_VALUE, "maxSize '" + size
                            + "' is not a size: write a number of bytes, or a number with KB, MB, GB or TB");
                }
            }
            return new CacheConfig(path(f, "dir"), max, origin(tuple));
        }

        // ---- server: (gantry serve) ----------------------------------------------------------------------------

        private ServerConfig server(NodeTuple tuple) {
            Node node = tuple.getValueNode();
            Map<String, NodeTuple> f = isNull(node) ? Map.of() : mapping(node, "server", SERVER_KEYS);
            if (f == null) {
                return null;
            }
            ServerConfig.DatabaseConfig database = null;
            if (f.containsKey("database")) {
                database = database(f.get("database"));
            }
            ServerConfig.RetentionConfig retention = null;
            if (f.containsKey("retention")) {
                Map<String, NodeTuple> r = mapping(f.get("retention").getValueNode(), "retention", RETENTION_KEYS);
                if (r != null) {
                    retention = new ServerConfig.RetentionConfig(integer(r, "days", 1, 36_500),
                            integer(r, "runsPerWorkflow", 1, 1_000_000), origin(f.get("retention")));
                }
            }
            List<ServerConfig.RepositoryConfig> repositories = f.containsKey("repositories")
                    ? repositories(f.get("repositories").getValueNode()) : List.of();
            return new ServerConfig(string(f, "host"), integer(f, "port", 0, 65535), path(f, "dataDir"), database,
                    bool(f, "anonymousRead"), retention, repositories, origin(tuple));
        }

        private ServerConfig.DatabaseConfig database(NodeTuple tuple) {
            Map<String, NodeTuple> d = mapping(tuple.getValueNode(), "database", DATABASE_KEYS);
            if (d == null) {
                return null;
            }
            String url = string(d, "url");
            if (url == null) {
                if (!d.containsKey("url")) {
                    diagnostics.error(position(tuple.getKeyNode()), RULE_REQUIRED, "database needs a url, e.g. "
                            + "jdbc:postgresql://db.example.com/gantry");
                }
                return null;
            }
            if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
                diagnostics.error(position(d.get("url").getValueNode()), RULE_VALUE, "database url '" + url
                        + "' is not a PostgreSQL (jdbc:postgresql://host/db) or H2 (jdbc:h2:...) JDBC URL");
                return null;
            }
            return new ServerConfig.DatabaseConfig(url, string(d, "user"), envName(d, "passwordEnv"), origin(tuple));
        }

        private List<ServerConfig.RepositoryConfig> repositories(Node node) {
            List<ServerConfig.RepositoryConfig> result = new ArrayList<>();
            if (isNull(node)) {
                return result;
            }
            if (!(node instanceof SequenceNode seq)) {
                diagnostics.error(position(node), RULE_TYPE, "repositories must be a list (each item: '- name: ...')");
                return result;
            }
            Set<String> names = new HashSet<>();
            for (Node item : seq.getValue()) {
                Map<String, NodeTuple> f = mapping(item, "a repository", REPOSITORY_KEYS);
                if (f == null) {
                    continue;
                }
                ServerConfig.RepositoryConfig r = repository(item, f);
                if (r != null && !names.add(r.name())) {
                    diagnostics.error(position(f.get("name").getValueNode()), RULE_DUPLICATE_KEY,
                            "a repository named '" + r.name() + "' is already configured in this file");
                } else if (r != null) {
                    result.add(r);
                }
            }
            return result;
        }

        private ServerConfig.RepositoryConfig repository(Node item, Map<String, NodeTuple> f) {
            String name = string(f, "name");
            String url = string(f, "url");
            boolean ok = true;
            if (name == null) {
                if (!f.containsKey("name")) {
                    diagnostics.error(position(item), RULE_REQUIRED, "a repository needs a name");
                }
                ok = false;
            } else if (!REPOSITORY_NAME.matcher(name).matches()) {
                diagnostics.error(position(f.get("name").getValueNode()), RULE_VALUE, "repository name '" + name
                        + "' may hold only letters, digits, '.', '_' and '-' (up to 100)");
                ok = false;
            }
            String label = name == null ? "a repository" : "repository '" + name + "'";
            if (url == null) {
                if (!f.containsKey("url")) {
                    diagnostics.error(position(item), RULE_REQUIRED, label + " needs a url (a path, file://, "
                            + "ssh://, https:// or user@host:path)");
                }
                ok = false;
            }
            Integer poll = integer(f, "poll", 1, 86_400);
            String webhook = string(f, "webhook");
            if (webhook != null && !WEBHOOK_KINDS.contains(webhook)) {
                diagnostics.error(position(f.get("webhook").getValueNode()), RULE_VALUE, "unknown webhook '" + webhook
                        + "': use " + String.join(", ", WEBHOOK_KINDS) + NameSuggestion.didYouMean(webhook, WEBHOOK_KINDS));
                webhook = null;
                ok = false;
            }
            String secretEnv = envName(f, "secretEnv");
            Path secretFile = path(f, "secretFile");
            if (webhook != null && secretEnv == null && secretFile == null && !f.containsKey("secretEnv")
                    && !f.containsKey("secretFile")) {
                diagnostics.error(position(f.get("webhook").getKeyNode()), RULE_REQUIRED, label + " takes "
                        + webhook + " webhooks: give the secret they are signed with as secretEnv: VARIABLE or "
                        + "secretFile: PATH (never in this file)");
                ok = false;
            }
            if (poll == null && webhook == null && !f.containsKey("poll") && !f.containsKey("webhook") && ok) {
                diagnostics.warning(position(item), RULE_REQUIRED, label + " has neither poll nor webhook: Gantry "
                        + "learns of its changes only from manual runs and the generic hook endpoint");
            }
            List<String> branches = strings(f, "branches");
            for (int i = 0; i < branches.size(); i++) {
                try {
                    Pattern.compile(branches.get(i));
                } catch (java.util.regex.PatternSyntaxException e) {
                    Node at = ((SequenceNode) f.get("branches").getValueNode()).getValue().get(i);
                    diagnostics.error(position(at), RULE_VALUE, "branch pattern '" + branches.get(i)
                            + "' is not a regular expression: " + e.getDescription());
                    ok = false;
                }
            }
            if (!ok) {
                return null;
            }
            return new ServerConfig.RepositoryConfig(name, url, poll, webhook, secretEnv, secretFile, branches,
                    origin(f.get("name")));
        }

        private Boolean bool(Map<String, NodeTuple> fields, String key) {
            String text = string(fields, key);
            if (text == null) {
                return null;
            }
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(text);
            }
            diagnostics.error(position(fields.get(key).getValueNode()), RULE_VALUE, key + " must be true or false, "
                    + "not '" + text + "'");
            return null;
        }

        private String envName(Map<String, NodeTuple> fields, String key) {
            String text = string(fields, key);
            if (text != null && !ENV_NAME.matcher(text).matches()) {
                diagnostics.error(position(fields.get(key).getValueNode()), RULE_VALUE, key + " names an environment "
                        + "variable (letters, digits, '_'), not '" + text + "'");
                return null;
            }
            return text;
        }

        private GithubActionsConfig githubActions(NodeTuple tuple) {
            Node node = tuple.getValueNode();
            Map<String, NodeTuple> f = isNull(node) ? Map.of() : mapping(node, "githubActions", GITHUB_ACTIONS_KEYS);
            if (f == null) {
                return null;
            }
            Map<String, String> actions = new LinkedHashMap<>();
            NodeTuple a = f.get("actions");
            Map<String, NodeTuple> entries = a == null || isNull(a.getValueNode()) ? Map.of()
                    : mapping(a.getValueNode(), "githubActions.actions", null);
            for (Map.Entry<String, NodeTuple> e : entries == null ? Map.<String, NodeTuple>of().entrySet()
                    : entries.entrySet()) {
                if (!GITHUB_ACTION_NAME.matcher(e.getKey()).matches()) {
                    diagnostics.error(position(e.getValue().getKeyNode()), RULE_VALUE, "'" + e.getKey()
                            + "' is not owner/repo or owner/repo@ref");
                    continue;
                }
                String where = string(entries, e.getKey());
                if (where == null) {
                    continue;
                }
                if (!where.contains("://") && !where.startsWith("git@")) {
                    Path p = path(entries, e.getKey());
                    if (p == null) {
                        continue;
                    }
                    where = p.toString();
                }
                actions.put(e.getKey(), where);
            }
            return new GithubActionsConfig(path(f, "cacheDir"), string(f, "mirror"), actions, origin(tuple));
        }

        private ImagesConfig images(NodeTuple tuple) {
            Node node = tuple.getValueNode();
            Map<String, NodeTuple> f = isNull(node) ? Map.of() : mapping(node, "images", IMAGES_KEYS);
            if (f == null) {
                return null;
            }
            String without = string(f, "withoutContainer");
            if (without != null && !without.equals("host") && !without.equals("service")) {
                diagnostics.error(position(f.get("withoutContainer").getValueNode()), RULE_VALUE, "withoutContainer '"
                        + without + "' is neither host (run such actions on their runner) nor service (in the curated "
                        + "image the service would pick)");
                without = null;
            }
            Map<String, String> curated = new LinkedHashMap<>();
            NodeTuple c = f.get("curated");
            if (c != null && !isNull(c.getValueNode())) {
                Map<String, NodeTuple> entries = mapping(c.getValueNode(), "images.curated", null);
                if (entries != null) {
                    for (String name : entries.keySet()) {
                        String image = string(entries, name);
                        if (image != null) {
                            curated.put(name, image);
                        }
                    }
                }
            }
            return new ImagesConfig(without, curated, false, origin(tuple));
        }

        // ---- typed values -------------------------------------------------------------------------------------

        /**
         * The entries of a mapping node by key, reporting a non-mapping, duplicate keys and (when {@code known} is
         * given) unknown keys; {@code null} when the node is not a mapping.
         */
        private Map<String, NodeTuple> mapping(Node node, String what, List<String> known) {
            if (!(node instanceof MappingNode m)) {
                diagnostics.error(position(node), RULE_TYPE, what + " must be a mapping of keys to values");
                return null;
            }
            Map<String, NodeTuple> result = new LinkedHashMap<>();
            Map<String, NodeTuple> entries = YamlNodes.entries(m, (at, rule, message) ->
                    diagnostics.error(at, "config-" + rule, message));
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                NodeTuple t = e.getValue();
                String key = e.getKey();
                if (isNull(t.getKeyNode())) {
                    diagnostics.error(position(t.getKeyNode()), RULE_TYPE, "a key in " + what + " must be a name");
                    continue;
                }
                if (known != null && !known.contains(key)) {
                    diagnostics.error(position(t.getKeyNode()), RULE_UNKNOWN_KEY, "unknown key '" + key + "' in "
                            + what + NameSuggestion.didYouMean(key, known) + "; known keys: "
                            + String.join(", ", known));
                    continue;
                }
                result.put(key, t);
            }
            return result;
        }

        /** A scalar's text; {@code null} (and an error) for a list, a mapping or an empty value. */
        private String string(Map<String, NodeTuple> fields, String key) {
            NodeTuple t = fields.get(key);
            if (t == null) {
                return null;
            }
            Node v = t.getValueNode();
            if (!(v instanceof ScalarNode s) || isNull(v) || s.getValue().isBlank()) {
                diagnostics.error(position(v), RULE_TYPE, key + " needs a single value (text)");
                return null;
            }
            return s.getValue().strip();
        }

        private List<String> strings(Map<String, NodeTuple> fields, String key) {
            NodeTuple t = fields.get(key);
            if (t == null || isNull(t.getValueNode())) {
                return List.of();
            }
            if (!(t.getValueNode() instanceof SequenceNode seq)) {
                diagnostics.error(position(t.getValueNode()), RULE_TYPE, key + " must be a list, e.g. " + key
                        + ": [a, b]");
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s && !isNull(s) && !s.getValue().isBlank()) {
                    result.add(s.getValue().strip());
                } else {
                    diagnostics.error(position(item), RULE_TYPE, "each item of " + key + " must be a name");
                }
            }
            return result;
        }

        private Integer integer(Map<String, NodeTuple> fields, String key, int min, int max) {
            String text = string(fields, key);
            if (text == null) {
                return null;
            }
            try {
                int v = Integer.parseInt(text);
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            diagnostics.error(position(fields.get(key).getValueNode()), RULE_VALUE,
                    key + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
            return null;
        }

        private String region(Map<String, NodeTuple> fields) {
            String region = string(fields, "region");
            // a region name is short; a long value is not one (and the pattern's repeated group recurses per item)
            if (region != null && (region.length() > 40 || !REGION.matcher(region).matches())) {
                diagnostics.error(position(fields.get("region").getValueNode()), RULE_VALUE, "'" + region
                        + "' is not an AWS region name (like us-east-1 or eu-west-2)");
                return null;
            }
            return region;
        }

        private String url(Map<String, NodeTuple> fields, String key) {
            String text = string(fields, key);
            if (text == null) {
                return null;
            }
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                    return text;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            diagnostics.error(position(fields.get(key).getValueNode()), RULE_VALUE, key + " '" + text
                    + "' is not an http(s) URL, e.g. http://127.0.0.1:5000");
            return null;
        }

        /** A path: {@code ~} is the home folder; a relative path is relative to the configuration file's folder. */
        private Path path(Map<String, NodeTuple> fields, String key) {
            String text = string(fields, key);
            if (text == null) {
                return null;
            }
            try {
                Path p;
                if (text.equals("~")) {
                    p = home;
                } else if (text.startsWith("~/")) {
                    p = home.resolve(text.substring(2));
                } else {
                    p = baseDir.resolve(text);
                }
                return p.normalize();
            } catch (InvalidPathException e) {
                diagnostics.error(position(fields.get(key).getValueNode()), RULE_VALUE, key + " '" + text
                        + "' is not a usable path: " + e.getReason());
                return null;
            }
        }

        private ConfigOrigin origin(NodeTuple t) {
            return new ConfigOrigin(file, position(t.getKeyNode()));
        }
    }

    /** Bytes for {@code 1048576}, {@code 512MB}, {@code 10 GB}, {@code 2GiB}, {@code 1t} (units are powers of 1024). */
    static Long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        String unit = Optional.ofNullable(m.group(2)).orElse("B").toUpperCase(Locale.ROOT);
        int shift = switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            return null;
        }
        return n << shift;
    }
}
