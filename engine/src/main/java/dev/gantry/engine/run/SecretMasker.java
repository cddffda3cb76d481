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

    /**
     * {@code part} of a line that was cut into parts, masked so that no secret shows in two halves: besides every
     * whole occurrence, its start when it may end a secret begun before the cut ({@code afterCut}: the longest
     * start that is the end of a secret), and its end when it may begin one that goes on after the cut
     * ({@code beforeCut}: the longest end that is the start of a secret). May mask a little more than the secret
     * itself near a cut, never less.
     */
    public String maskPart(String part, boolean afterCut, boolean beforeCut) {
        if (part == null || part.isEmpty() || longestFirst.isEmpty()) {
            return part;
        }
        String head = "";
        String body = part;
        String tail = "";
        if (afterCut) {
            int n = 0;
            for (String secret : longestFirst) {
                for (int k = Math.min(secret.length() - 1, body.length()); k > n; k--) {
                    if (secret.regionMatches(secret.length() - k, body, 0, k)) {
                        n = k;
                        break;
                    }
                }
            }
            if (n > 0) {
                head = MASK;
                body = body.substring(n);
            }
        }
        if (beforeCut) {
            int n = 0;
            for (String secret : longestFirst) {
                for (int k = Math.min(secret.length() - 1, body.length()); k > n; k--) {
                    if (secret.regionMatches(0, body, body.length() - k, k)) {
                        n = k;
                        break;
                    }
                }
            }
            if (n > 0) {
                tail = MASK;
                body = body.substring(0, body.length() - n);
            }
        }
        return head + mask(body) + tail;
    }

    public boolean isEmpty() {
        return longestFirst.isEmpty();
    }
}
