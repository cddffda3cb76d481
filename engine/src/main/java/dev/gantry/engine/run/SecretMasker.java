package dev.gantry.engine.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces every occurrence of a secret value by {@code ***}. Thread-safe; values can be added while a run goes
 * on (e.g. credentials a hook obtains). A value spanning several lines is also masked line by line, since output
 * is masked one line at a time.
 */
public final class SecretMasker {
    /** What a secret becomes. */
    public static final String MASK = "***";

    private final Set<String> values = new LinkedHashSet<>();
    private volatile List<String> longestFirst = List.of();

    /** Adds a secret; {@code null} and empty values are ignored. */
    public synchronized void add(String secret) {
        if (secret == null || secret.isEmpty()) {
            return;
        }
        boolean changed = values.add(secret);
        if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
            for (String line : secret.split("\r?\n|\r")) {
                String trimmed = line.strip();
                if (trimmed.length() >= 3) {
                    changed |= values.add(trimmed);
                }
            }
        }
        if (changed) {
            List<String> sorted = new ArrayList<>(values);
            sorted.sort(Comparator.comparingInt(String::length).reversed());
            longestFirst = List.copyOf(sorted);
        }
    }

    /** {@code text} with every secret replaced; {@code null} stays {@code null}. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return longestFirst.isEmpty();
    }
}
