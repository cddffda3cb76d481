package dev.gantry.actions.artifacts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A file pattern of {@code Outputs.Artifacts[].Files} or of a report's {@code IncludePaths}, with the service's
 * meaning, matched against relative paths written with {@code /}.
 *
 * <ul>
 *   <li>{@code *} matches any characters within one folder level, {@code ?} one character, {@code [abc]} one of a
 *       set and {@code {a,b}} one of several alternatives;</li>
 *   <li>{@code **} as a whole path segment matches any number of folder levels: {@code dir/**}{@code /*} is the whole
 *       tree under {@code dir}, {@code **}{@code /*.xml} every XML file at any depth;</li>
 *   <li>{@code dir/*} matches only the files directly in {@code dir};</li>
 *   <li>a pattern without wildcards names a file, or a folder and then everything under it;</li>
 *   <li>a leading {@code ./} is ignored; names starting with a dot are matched like any other.</li>
 * </ul>
 *
 * <p>Patterns that could leave the folder they are resolved against (absolute, or with a {@code ..} segment) are
 * refused by {@link #parse}.
 *
 * @param text          the pattern as written
 * @param normalized    the pattern without a leading {@code ./} and repeated slashes
 * @param literalPrefix the leading segments without wildcards (a folder to start searching from), maybe empty
 * @param maxDepth      the number of segments after {@code literalPrefix} a match can have, or {@code -1} when the
 *                      pattern has {@code **} or names a folder (unbounded)
 * @param regex         the compiled matcher for whole relative paths
 */
public record GlobPattern(String text, String normalized, String literalPrefix, int maxDepth, Pattern regex) {

    /**
     * Parses a pattern.
     *
     * @throws ArtifactException when the pattern is empty, absolute, or has a {@code ..} segment
     */
    public static GlobPattern parse(String text) throws ArtifactException {
        if (text == null || text.isBlank()) {
            throw new ArtifactException("empty file pattern");
        }
        String p = text.trim().replace('\\', '/');
        if (p.startsWith("/") || p.startsWith("~") || p.matches("^[A-Za-z]:/.*")) {
            throw new ArtifactException("file pattern '" + text + "' is an absolute path; patterns must be relative"
                    + " to the action's input folder");
        }
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        p = p.replaceAll("/+", "/");
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.equals(".")) {
            p = "**";
        }
        String[] segments = p.split("/");
        List<String> prefix = new ArrayList<>();
        boolean wild = false;
        boolean deep = false;
        int depthAfterPrefix = 0;
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals("..")) {
                throw new ArtifactException("file pattern '" + text + "' goes up with '..'; patterns must stay inside"
                        + " the action's workspace");
            }
            if (seg.equals(".")) {
                continue;
            }
            boolean segWild = hasWildcard(seg);
            if (!wild && !segWild) {
                prefix.add(seg);
            } else {
                wild = true;
                depthAfterPrefix++;
            }
            if (seg.equals("**")) {
                deep = true;
                re.append(last ? ".*" : "(?:[^/]*/)*");
            } else {
                re.append(translate(seg, text));
                if (!last) {
                    re.append('/');
                }
            }
        }
        if (!wild) {
            // A literal names a file, or a folder and everything under it.
            re.append("(?:/.*)?");
        }
        return new GlobPattern(text, p, String.join("/", prefix), wild && !deep ? depthAfterPrefix : -1,
                Pattern.compile(re.toString()));
    }

    /** Whether the relative path (with {@code /} separators, no leading {@code ./}) matches. */
    public boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    /** Whether the pattern has any wildcard (otherwise it names one file or folder). */
    public boolean isLiteral() {
        return literalPrefix.equals(normalized);
    }

    private static boolean hasWildcard(String seg) {
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    private static String translate(String seg, String text) throws ArtifactException {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            switch (c) {
                case '*' -> {
                    while (i + 1 < seg.length() && seg.charAt(i + 1) == '*') {
                        i++;
                    }
                    re.append("[^/]*");
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = seg.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new ArtifactException("file pattern '" + text + "' has an unclosed '['");
                    }
                    String set = seg.substring(i + 1, end);
                    re.append('[');
                    if (set.startsWith("!") || set.startsWith("^")) {
                        re.append('^');
                        set = set.substring(1);
                    }
                    re.append(set.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        re.append("\\}");
                    } else {
                        braces--;
                        re.append(')');
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces != 0) {
            throw new ArtifactException("file pattern '" + text + "' has an unclosed '{'");
        }
        return re.toString();
    }
}
