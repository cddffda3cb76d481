package dev.gantry.engine.diagnostic;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?" for a name that is almost one of the known names: the closest candidate by edit distance
 * (optimal string alignment, case-insensitive), when it is close enough to be a plausible typo, or a known name
 * that starts with the given one (a truncation such as {@code Branch} for {@code BranchName}). Shared by the
 * loader (unknown keys), the validator (unknown action names) and the CLI (unknown workflow names).
 */
public final class NameSuggestion {
    private NameSuggestion() {
    }

    /** The candidate closest to {@code given}, if any is within the typo distance; ties go to the earliest. */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        if (given == null || given.isEmpty()) {
            return Optional.empty();
        }
        String g = given.toLowerCase(Locale.ROOT);
        int n = given.length();
        int limit = n <= 2 ? 0 : n <= 4 ? 1 : n <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c == null || c.equals(given)) {
                continue;
            }
            int d = distance(g, c.toLowerCase(Locale.ROOT));
            if (c.equalsIgnoreCase(given)) {
                d = 0;
            } else if (n >= 3 && c.toLowerCase(Locale.ROOT).startsWith(g)) {
                d = Math.min(d, limit);
            }
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean 'X'?)"} for the closest candidate, or the empty string. */
    public static String didYouMean(String given, Collection<String> candidates) {
        return closest(given, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }

    /** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
