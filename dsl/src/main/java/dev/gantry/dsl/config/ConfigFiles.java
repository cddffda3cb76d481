package dev.gantry.dsl.config;

import dev.gantry.engine.config.GantryConfig;
import dev.gantry.engine.diagnostic.Diagnostic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds and combines the Gantry configuration files, each later one overriding the earlier per key:
 * <ol>
 *   <li>the user's file, {@code $XDG_CONFIG_HOME/gantry/config.yaml} (default {@code ~/.config/gantry/config.yaml});</li>
 *   <li>the repository's {@code gantry.yaml} at its root;</li>
 *   <li>a file given with {@code --config FILE} (alias {@code --runner-config}).</li>
 * </ol>
 * Missing user and repository files are simply skipped; a missing explicit file is an error.
 */
public final class ConfigFiles {
    /** The configuration file's name at a repository's root. */
    public static final String REPOSITORY_FILE = "gantry.yaml";

    private final Path home;
    private final Path cwd;
    private final Map<String, String> environment;

    /**
     * @param home        the user's home folder
     * @param cwd         the current folder (files are named relative to it in diagnostics)
     * @param environment the process environment ({@code XDG_CONFIG_HOME})
     */
    public ConfigFiles(Path home, Path cwd, Map<String, String> environment) {
        this.home = home.toAbsolutePath().normalize();
        this.cwd = cwd.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
    }

    /** For this process: {@code user.home}, {@code user.dir} and the real environment. */
    public static ConfigFiles forThisProcess() {
        return new ConfigFiles(Path.of(System.getProperty("user.home")), Path.of(""), System.getenv());
    }

    /** The user's configuration file (it may not exist). */
    public Path userFile() {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("gantry").resolve("config.yaml");
    }

    /**
     * The repository root of a workflow file: the folder holding its {@code .codecatalyst} folder, else the nearest
     * folder (from the file's up) with a {@code gantry.yaml} or a {@code .git}, else the current folder.
     */
    public Path repositoryRootOf(Path workflowFile) {
        Path abs = cwd.resolve(workflowFile).normalize();
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals(".codecatalyst")) {
                return p.getParent();
            }
        }
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(REPOSITORY_FILE)) || Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        return cwd;
    }

    /**
     * Loads and combines the user file, {@code repositoryRoot/gantry.yaml} and {@code explicitFile} (may be
     * {@code null}), in that order.
     */
    public LoadedConfig load(Path repositoryRoot, Path explicitFile) {
        List<Path> files = new ArrayList<>();
        Path user = userFile();
        if (Files.isRegularFile(user)) {
            files.add(user);
        }
        if (repositoryRoot != null) {
            Path repo = cwd.resolve(repositoryRoot).resolve(REPOSITORY_FILE).normalize();
            if (Files.isRegularFile(repo) && !files.contains(repo)) {
                files.add(repo);
            }
        }
        if (explicitFile != null) {
            files.add(cwd.resolve(explicitFile).normalize());
        }
        ConfigLoader loader = new ConfigLoader(home);
        GantryConfig config = GantryConfig.EMPTY;
        List<String> names = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Path file : files) {
            LoadedConfig one = loader.load(file, displayName(file));
            config = config.overriddenBy(one.config());
            names.addAll(one.files());
            diagnostics.addAll(one.diagnostics());
        }
        return new LoadedConfig(config, names, diagnostics);
    }

    /** How a file is named to the user: relative to the current folder when under it, {@code ~/...} under home. */
    public String displayName(Path file) {
        Path abs = cwd.resolve(file).normalize();
        if (abs.startsWith(cwd) && !abs.equals(cwd)) {
            return cwd.relativize(abs).toString();
        }
        if (abs.startsWith(home) && !abs.equals(home)) {
            return "~/" + home.relativize(abs);
        }
        return abs.toString();
    }
}
