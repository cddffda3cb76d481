package dev.gantry.dsl.fuzz;

import java.util.List;
import java.util.Random;

/**
 * Text mutations for the fuzzing harness: line cuts, copies and swaps, tokens YAML and Groovy treat specially
 * (indicators, anchors, merge keys, line separators, BOM, control characters, runaway Groovy expressions), random
 * characters, splices from other seeds and repeated runs of text. Deterministic for a given {@link Random}.
 */
final class Mutator {
    /** The most a mutated input may grow to (a little over the 256 KB limit, so the limit is exercised too). */
    static final int MAX_CHARS = 300 * 1024;

    private static final List<String> TOKENS = List.of("\n", " ", "  ", "\t", ":", ": ", "- ", "#", " #", "'", "\"",
            "{", "}", "[", "]", ",", "&a ", "*a", "<<: *a\n", "<<: [*a, *a]\n", "!!str ", "!!binary ", "|", ">",
            "|+\n", "|-\n", "null", "~", "${", "}", "\u2028", "\u2029", "\u0085", "\uFEFF", "\u0000", "\u0007",
            "\r", "\r\n", "\uD83D\uDE00", "\\", "\\u", "Actions:\n", "DependsOn: [", "Steps:\n  - Run: ",
            "Compute:\n  Type: Lambda\n", "1.0", "yes", "0x", "---\n", "...\n", "%YAML 1.1\n", "? ", "!",
            "'a' * 100000", "(1..1000000).toList()", "null ?: ", ".collect { it }", " + 'a'", "action('X') {",
            "while (true) {}", "def f() { f() }; f()", "\"${", "$/", "/*", "*/", "//", "@Grab('x')",
            "property 'P', (1..30000).toList()", "dependsOn 'A', null", "sh \"x\" * 100000",
            "matrix('m', a: [null, 1]) { axes -> }", "workflow('w') {", "identifier 'aws/build@v1'",
            "Runtime.getRuntime().exec('id')", "System.exit(1)", "new File('/etc/passwd').text");

    private final Random random;
    private final List<String> seeds;

    Mutator(Random random, List<String> seeds) {
        this.random = random;
        this.seeds = seeds;
    }

    /** A seed with 1 to 4 mutations applied. */
    String next() {
        String text = seeds.get(random.nextInt(seeds.size()));
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            text = mutate(text);
        }
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    }

    private String mutate(String text) {
        List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        switch (random.nextInt(8)) {
            case 0 -> {
                if (lines.size() > 1) {
                    lines.remove(random.nextInt(lines.size()));
                }
                return String.join("\n", lines);
            }
            case 1 -> {
                int i = random.nextInt(lines.size());
                lines.add(i, lines.get(i));
                return String.join("\n", lines);
            }
            case 2 -> {
                java.util.Collections.swap(lines, random.nextInt(lines.size()), random.nextInt(lines.size()));
                return String.join("\n", lines);
            }
            case 3, 4 -> {
                return text.substring(0, at) + TOKENS.get(random.nextInt(TOKENS.size())) + text.substring(at);
            }
            case 5 -> {
                if (text.isEmpty()) {
                    return text;
                }
                int i = Math.min(at, text.length() - 1);
                char c = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000));
                return Character.isSurrogate(c) ? text : text.substring(0, i) + c + text.substring(i + 1);
            }
            case 6 -> {
                String other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(other.length() + 1);
                int to = Math.min(other.length(), from + random.nextInt(400));
                return text.substring(0, at) + other.substring(from, to) + text.substring(at);
            }
            default -> {
                int end = Math.min(text.length(), at + 1 + random.nextInt(40));
                String run = text.substring(at, end);
                int times = 2 + random.nextInt(random.nextBoolean() ? 5 : 2000);
                return text.substring(0, at) + run.repeat(times) + text.substring(at);
            }
        }
    }
}
