package dev.gantry.dsl.fuzz;

import dev.gantry.dsl.LoadedWorkflow;
import dev.gantry.dsl.WorkflowFiles;
import dev.gantry.dsl.config.ConfigLoader;
import dev.gantry.dsl.corpus.SharedCorpus;
import dev.gantry.dsl.export.WorkflowGroovyWriter;
import dev.gantry.dsl.export.WorkflowYamlWriter;
import dev.gantry.dsl.groovy.GroovyLimits;
import dev.gantry.dsl.groovy.GroovyWorkflowLoader;
import dev.gantry.dsl.validate.ValidationOptions;
import dev.gantry.dsl.yaml.YamlWorkflowLoader;
import dev.gantry.engine.diagnostic.Diagnostic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzing harness (issue 11, "keep it found"): mutated inputs, seeded with the hostile inputs of issue 11, the
 * rule fixtures, the examples and (when present) the shared corpus, go through the YAML loader and the validator,
 * the Groovy loader with its limits, the export round trips and the configuration loader. A failure is an exception
 * or an {@link Error} out of Gantry, an input still running past its limit, an {@code internal-error} finding, a
 * finding without a position (but for whole-file ones), or an exported model that loads back different.
 *
 * <p>Each target runs for {@code -Dgantry.fuzz.seconds} (default 3 s, so {@code mvn verify} stays quick; the
 * {@code fuzz} profile of the parent pom runs longer) from {@code -Dgantry.fuzz.seed} (default 11;
 * {@code random} picks one, printed with the figures). Failing inputs are kept in {@code target/fuzz/failures/};
 * the figures (inputs tried, time, distinct rules seen) are written to {@code target/fuzz/summary.txt}.
 */
class FuzzTest {
    /** Rules whose findings are about the whole file and have no line. */
    private static final Set<String> WHOLE_FILE_RULES = Set.of("file-size", "file-read", "file-name", "file-type",
            "config-unreadable");
    /** How long one input may take past its own limits before it counts as a hang. */
    private static final Duration HANG = Duration.ofSeconds(120);

    private static final Path OUT = Path.of("target", "fuzz");
    private static final List<String> SUMMARY = new ArrayList<>();
    private static ExecutorService executor;

    @TempDir
    Path dir;

    private final long seed = seed();
    private final Duration budget = Duration.ofMillis((long) (1000 * Double.parseDouble(
            System.getProperty("gantry.fuzz.seconds", "3"))));

    private static long seed() {
        String s = System.getProperty("gantry.fuzz.seed", "11");
        return s.equals("random") ? System.nanoTime() : Long.parseLong(s);
    }

    @BeforeAll
    static void start() {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fuzz-input");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void summary() throws IOException {
        executor.shutdownNow();
        Files.createDirectories(OUT);
        Files.write(OUT.resolve("summary.txt"), SUMMARY);
        SUMMARY.forEach(System.out::println);
    }

    /** What one run of a target found. */
    private final class Campaign {
        private final String target;
        private final List<String> failures = new ArrayList<>();
        private final Set<String> rules = new TreeSet<>();
        private int inputs;

        Campaign(String target) {
            this.target = target;
        }

        /** Feeds mutated seeds to {@code check} until the budget is spent; each check returns its problems. */
        void run(List<String> seeds, Function<String, List<String>> check) throws IOException {
            Mutator mutator = new Mutator(new Random(seed), seeds);
            long start = System.nanoTime();
            long end = start + budget.toNanos();
            int seedsRun = 0;
            // the seeds themselves, unmutated, alternating with mutants, within the budget
            while (System.nanoTime() < end && failures.size() < 20) {
                boolean seedTurn = inputs % 2 == 0 && seedsRun < seeds.size();
                one(seedTurn ? seeds.get(seedsRun++) : mutator.next(), check);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            SUMMARY.add(String.format("fuzz %-14s %6d inputs in %6.1f s (seed %d), %d failures, rules seen: %s",
                    target, inputs, seconds, seed, failures.size(), String.join(" ", rules)));
            assertThat(failures).as(target + ": failing inputs are in " + OUT.resolve("failures").toAbsolutePath())
                    .isEmpty();
        }

        private void one(String input, Function<String, List<String>> check) throws IOException {
            inputs++;
            Future<List<String>> f = executor.submit(() -> check.apply(input));
            List<String> problems;
            try {
                problems = f.get(HANG.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                problems = List.of("still running after " + HANG.toSeconds() + " s");
            } catch (ExecutionException e) {
                problems = List.of("threw " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!problems.isEmpty()) {
                Path dirOut = Files.createDirectories(OUT.resolve("failures"));
                Path saved = dirOut.resolve(target + "-" + seed + "-" + inputs + ".txt");
                Files.write(saved, input.getBytes(StandardCharsets.UTF_8));
                failures.add(saved + ": " + String.join("; ", problems));
            }
        }

        /** The problems with a loader's findings: internal errors, findings without a position. */
        List<String> judge(List<Diagnostic> diagnostics) {
            List<String> problems = new ArrayList<>();
            for (Diagnostic d : diagnostics) {
                rules.add(d.rule());
                if (d.rule().equals("internal-error")) {
                    problems.add(d.format());
                } else if (!d.position().known() && !WHOLE_FILE_RULES.contains(d.rule())) {
                    problems.add("no position: " + d.format());
                }
            }
            return problems;
        }
    }

    private static List<String> read(Stream<Path> files) {
        return files.filter(Files::isRegularFile).sorted().map(p -> {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static List<String> filesUnder(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return read(walk.filter(p -> p.toString().endsWith(suffix)));
        }
    }

    private static List<String> yamlSeeds() throws IOException {
        List<String> seeds = new ArrayList<>(HostileSeeds.YAML);
        seeds.addAll(filesUnder(Path.of("src/test/resources"), ".yaml"));
        seeds.addAll(filesUnder(Path.of("../examples"), ".yaml"));
        Path corpus = SharedCorpus.find();
        if (corpus != null) {
            seeds.addAll(filesUnder(corpus, ".yaml"));
        }
        return seeds;
    }

    @Test
    void yamlLoaderAndValidator() throws IOException {
        WorkflowFiles files = new WorkflowFiles(ValidationOptions.DEFAULT);
        Campaign c = new Campaign("yaml+validate");
        c.run(yamlSeeds(), text -> {
            try {
                Path own = Files.write(dir.resolve("fuzz-" + Thread.currentThread().getId() + ".yaml"),
                        text.getBytes(StandardCharsets.UTF_8));
                return c.judge(files.load(own, "fuzz.yaml").diagnostics());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void yamlExportRoundTrip() throws IOException {
        YamlWorkflowLoader yaml = new YamlWorkflowLoader();
        WorkflowYamlWriter writer = new WorkflowYamlWriter();
        Campaign c = new Campaign("yaml-export");
        c.run(yamlSeeds(), text -> {
            LoadedWorkflow loaded = yaml.parse(text, "fuzz.yaml");
            List<String> problems = new ArrayList<>(c.judge(loaded.diagnostics()));
            if (loaded.workflow() != null && !loaded.hasErrors()) {
                String exported = writer.write(loaded.workflow());
                LoadedWorkflow back = yaml.parse(exported, "exported.yaml");
                if (!loaded.workflow().equals(back.workflow())) {
                    problems.add("exported YAML loads back different:\n" + exported);
                }
            }
            return problems;
        });
    }

    @Test
    void groovyLoaderWithItsLimits() throws IOException {
        // a short run gets a short limit per input too (the budget is only checked between inputs)
        Duration limit = budget.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
        GroovyWorkflowLoader groovy = new GroovyWorkflowLoader(GroovyLimits.DEFAULT.withTime(limit));
        WorkflowGroovyWriter writer = new WorkflowGroovyWriter();
        YamlWorkflowLoader yaml = new YamlWorkflowLoader();
        List<String> seeds = new ArrayList<>(filesUnder(Path.of("../examples"), ".groovy"));
        // DSL text converted from the rule fixtures and examples: every DSL feature, in the writer's own style
        for (String text : filesUnder(Path.of("../examples"), ".yaml")) {
            LoadedWorkflow w = yaml.parse(text, "seed.yaml");
            if (w.workflow() != null) {
                seeds.add(writer.write(w.workflow(), List.of()));
            }
        }
        seeds.addAll(HostileSeeds.GROOVY);
        Campaign c = new Campaign("groovy");
        c.run(seeds, text -> {
            LoadedWorkflow loaded = groovy.load(text, "fuzz.groovy");
            List<String> problems = new ArrayList<>(c.judge(loaded.diagnostics()));
            // the DSL export round trip costs a second compile: one input in four (the YAML campaign and
            // ExportRoundTripProperties cover export more)
            if (loaded.workflow() != null && !loaded.hasErrors() && c.inputs % 4 == 0) {
                LoadedWorkflow back = groovy.load(writer.write(loaded.workflow(), List.of()), "exported.groovy");
                if (!loaded.workflow().equals(back.workflow())) {
                    problems.add("exported DSL loads back different");
                }
            }
            return problems;
        });
    }

    @Test
    void configurationLoader() throws IOException {
        ConfigLoader loader = new ConfigLoader(dir);
        Campaign c = new Campaign("gantry.yaml");
        List<String> seeds = new ArrayList<>(HostileSeeds.CONFIG);
        seeds.addAll(filesUnder(Path.of("../examples"), "gantry.yaml"));
        c.run(seeds, text -> c.judge(loader.parse(text, "gantry.yaml", dir).diagnostics()));
    }
}
