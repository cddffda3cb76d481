package dev.gantry.dsl;

import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.dsl.validate.WorkflowValidator;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import dev.gantry.engine.model.Workflow;
import dev.gantry.engine.plan.ActionGraph;
import dev.gantry.engine.diagnostic.Diagnostic;
import dev.gantry.engine.diagnostic.Diagnostics;
import dev.gantry.engine.diagnostic.Severity;
import dev.gantry.engine.diagnostic.SourceMap;
import dev.gantry.engine.diagnostic.SourcePosition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The one way to read a workflow file for lint, plan and run: picks the loader by extension ({@code .yaml},
 * {@code .yml}: CodeCatalyst YAML; {@code .groovy}: the Groovy DSL), then runs the validator.
 */
public final class WorkflowFiles {
    /** Where CodeCatalyst looks for workflow files, relative to the repository root (sub-folders too). */
    public static final String DEFAULT_FOLDER = ".codecatalyst/workflows";

    private final ValidationOptions options;
    private final YamlWorkflowLoader yaml = new YamlWorkflowLoader();

    public WorkflowFiles(ValidationOptions options) {
        this.options = options;
    }

    /**
     * Loads and validates {@code file}; {@code displayName} is how diagnostics name it.
     * Never throws for a bad file: problems come back as diagnostics.
     */
    public LoadedWorkflow load(Path file, String displayName) {
        return load(file, displayName, UnaryOperator.identity());
    }

    /**
     * Loads {@code file}, applies {@code change} to the model (values given with the run, such as variable
     * overrides), then validates the changed model, so what the change brings in is checked like the file's own.
     * Never throws for a bad file: an exception or an Error out of Gantry is this file's {@code internal-error}
     * finding, so that one bad file never hides the others' results.
     */
    public LoadedWorkflow load(Path file, String displayName, UnaryOperator<Workflow> change) {
        try {
            return loadAndValidate(file, displayName, change);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return failed(displayName, "internal-error", "Gantry failed on this file (" + e + "); please report "
                    + "this with the file");
        }
    }

    private LoadedWorkflow loadAndValidate(Path file, String displayName, UnaryOperator<Workflow> change) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        LoadedWorkflow loaded;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            loaded = yaml.load(file, displayName);
            if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                loaded = with(loaded, SourcePosition.UNKNOWN, "file-name", "CodeCatalyst only reads workflow files "
                        + "whose extension is lower case (.yaml or .yml); it ignores this one");
            }
        } else if (lower.endsWith(".groovy")) {
            loaded = loadGroovy(file, displayName);
        } else {
            loaded = failed(displayName, "file-type", "not a workflow file: expected a .yaml, .yml or .groovy file");
        }
        return validated(loaded, displayName, change);
    }

    /**
     * Loads and validates workflow text read from elsewhere than a file (a commit, read by the server without a
     * checkout); {@code fileName} picks the loader as {@link #load} does. Groovy DSL text is refused (a Groovy
     * workflow is compiled from a file only).
     */
    public LoadedWorkflow parse(String fileName, String text, String displayName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
            return failed(displayName, "file-type", "only YAML workflow files (.yaml, .yml) are read from a commit");
        }
        return validated(yaml.parse(text, displayName), displayName, UnaryOperator.identity());
    }

    private LoadedWorkflow validated(LoadedWorkflow loaded, String displayName, UnaryOperator<Workflow> change) {
        if (loaded.workflow() == null) {
            return loaded;
        }
        Diagnostics all = new Diagnostics(displayName);
        loaded.diagnostics().forEach(d -> all.add(d.position(), d.severity(), d.rule(), d.message()));
        Workflow workflow = change.apply(loaded.workflow());
        ActionGraph graph = null;
        try {
            graph = new WorkflowValidator(options).validate(workflow, loaded.sourceMap(), all);
        } catch (RuntimeException e) {
            all.error(SourcePosition.UNKNOWN, "internal-error", "the validator failed (" + e
                    + "); please report this with the file");
        }
        return new LoadedWorkflow(displayName, workflow, loaded.sourceMap(), all.list(), graph);
    }

    /** Kept in its own method so that validating YAML never loads a Groovy class (JVM start-up matters). */
    private static LoadedWorkflow loadGroovy(Path file, String displayName) {
        return new dev.gantry.dsl.groovy.GroovyWorkflowLoader().load(file, displayName);
    }

    /**
     * Whether {@code file} is one this class loads when found in a folder: lower-case {@code .yaml}/{@code .yml}, or a
     * {@code .groovy} DSL workflow (e.g. in {@code .gantry/workflows/}).
     */
    public static boolean isWorkflowFile(Path file) {
        Path name = file.getFileName();
        return name != null && (name.toString().endsWith(".yaml") || name.toString().endsWith(".yml")
                || name.toString().endsWith(".groovy"));
    }

    /** Every workflow file under {@code folder} (sub-folders too), sorted by path. */
    public static List<Path> find(Path folder) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> isWorkflowFile(p) && Files.isRegularFile(p)).sorted().forEach(found::add);
        }
        return found;
    }

    public ValidationOptions options() {
        return options;
    }

    private static LoadedWorkflow failed(String displayName, String rule, String message) {
        Diagnostics d = new Diagnostics(displayName);
        d.error(rule.equals("internal-error") ? new SourcePosition(1, 1) : SourcePosition.UNKNOWN, rule, message);
        return new LoadedWorkflow(displayName, null, SourceMap.empty(), d.list());
    }

    private static LoadedWorkflow with(LoadedWorkflow loaded, SourcePosition at, String rule, String message) {
        List<Diagnostic> all = new ArrayList<>();
        all.add(new Diagnostic(loaded.file(), at, Severity.WARNING, rule, message));
        all.addAll(loaded.diagnostics());
        return new LoadedWorkflow(loaded.file(), loaded.workflow(), loaded.sourceMap(), all);
    }
}
