package dev.gantry.actions.gha;

import dev.gantry.engine.run.Runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell text of one GitHub step, as the runner's bash runs it (one runner job per GitHub step): it makes a private
 * temporary folder in the job's temporary folder ({@value Runner#TEMP_VARIABLE}, inside the runner's scratch folder,
 * so that it goes with the action however the step ends: cancel, timeout, a killed shell; in {@code $TMPDIR} or
 * {@code /tmp} only under a runner that gives none) with the empty {@code GITHUB_OUTPUT}, {@code GITHUB_ENV},
 * {@code GITHUB_PATH}, {@code GITHUB_STATE} and {@code GITHUB_STEP_SUMMARY} files, runs the step's command as its own
 * process (the script of a {@code run:} step is written there first, from a here-document closed by the random
 * marker), then prints each file back line by line, each line prefixed by the marker and the file's name, removes the
 * folder and returns the command's status. Reading the files back through the output keeps this working on every
 * runner kind (local, container, ssh) without copying files; it needs only bash, {@code mkdir}, {@code cat} and
 * {@code rm}.
 */
public final class StepScript {
    /** The files a step can write, by their GITHUB_* variable. */
    public static final List<String> FILES = List.of("OUTPUT", "ENV", "PATH", "STATE", "STEP_SUMMARY");
    /** The most read back of each file (bytes, about). */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private StepScript() {
    }

    /**
     * The runner step text.
     *
     * @param command the command to run, bash text in which {@code "$GANTRY_STEP_SCRIPT"} is the script file
     * @param script  the script's text for a {@code run:} step, or {@code null}
     * @param marker  a random marker for this step (letters, digits, underscores)
     */
    public static String text(String command, String script, String marker) {
        StringBuilder sb = new StringBuilder();
        sb.append("__gha_d=\"${").append(Runner.TEMP_VARIABLE)
                .append(":-${TMPDIR:-/tmp}}/gantry-gha.$$.$RANDOM$RANDOM\"\n");
        sb.append("mkdir -m 700 \"$__gha_d\" || return 1\n");
        for (String f : FILES) {
            sb.append(": > \"$__gha_d/").append(f).append("\"; export GITHUB_").append(f).append("=\"$__gha_d/")
                    .append(f).append("\"\n");
        }
        sb.append("export RUNNER_TEMP=\"$__gha_d\"\n");
        if (script != null) {
            sb.append("cat > \"$__gha_d/script\" <<'").append(marker).append("'\n").append(script);
            if (!script.endsWith("\n")) {
                sb.append('\n');
            }
            sb.append(marker).append("\n");
            sb.append("GANTRY_STEP_SCRIPT=\"$__gha_d/script\"\n");
        }
        sb.append("( ").append(command).append(" )\n");
        sb.append("__gha_rc=$?\n");
        sb.append("for __gha_f in ").append(String.join(" ", FILES)).append("; do\n");
        sb.append("  __gha_n=0\n");
        sb.append("  while IFS= read -r __gha_l || [[ -n $__gha_l ]]; do\n");
        sb.append("    __gha_n=$((__gha_n + ${#__gha_l} + 1)); (( __gha_n <= ").append(MAX_FILE_BYTES)
                .append(" )) || { builtin printf '%s %s\\n' '").append(marker)
                .append("' \"CUT_$__gha_f\"; break; }\n");
        sb.append("    builtin printf '%s %s %s\\n' '").append(marker).append("' \"$__gha_f\" \"$__gha_l\"\n");
        sb.append("  done < \"$__gha_d/$__gha_f\"\n");
        sb.append("done\n");
        sb.append("rm -rf \"$__gha_d\"\n");
        sb.append("return $__gha_rc\n");
        return sb.toString();
    }

    /**
     * A line of a step script's file as read back ({@code name} to the line's text), or {@code null} when
     * {@code line} is not one (for {@code marker}).
     */
    public static Map.Entry<String, String> fileLine(String line, String marker) {
        int at = line.indexOf(marker + " ");
        if (at < 0) {
            return null;
        }
        String rest = line.substring(at + marker.length() + 1);
        int space = rest.indexOf(' ');
        return space < 0 ? Map.entry(rest, "") : Map.entry(rest.substring(0, space), rest.substring(space + 1));
    }

    /**
     * The {@code name=value} pairs of a {@code GITHUB_OUTPUT}/{@code GITHUB_ENV} file; {@code name<<DELIMITER}
     * starts a multi-line value that ends at a line equal to the delimiter. Malformed lines are reported through
     * {@code problems}.
     */
    public static Map<String, String> pairs(String file, java.util.function.Consumer<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = (file.endsWith("\n") ? file.substring(0, file.length() - 1) : file).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            int heredoc = line.indexOf("<<");
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String name = line.substring(0, heredoc);
                String delimiter = line.substring(heredoc + 2);
                List<String> value = new java.util.ArrayList<>();
                boolean closed = false;
                for (i++; i < lines.length; i++) {
                    String l = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                    if (l.equals(delimiter)) {
                        closed = true;
                        break;
                    }
                    value.add(l);
                }
                if (!closed) {
                    problems.accept("'" + name + "<<" + delimiter + "' is not closed by a line '" + delimiter + "'");
                }
                out.put(name, String.join("\n", value));
            } else if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            } else {
                problems.accept("ignored a line without '=': " + (line.length() > 40 ? line.substring(0, 40) + "..."
                        : line));
            }
        }
        return out;
    }
}
