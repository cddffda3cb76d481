package dev.gantry.runners.shell;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the bash program that runs an action's steps in ONE shell, so that shell variables (exported or not), the
 * working directory, functions and shell options carry from step to step. Shared by every runner kind: a runner
 * writes {@link #files} into a folder the shell can read, runs {@code bash --noprofile --norc <folder>/driver.sh}
 * with stdin not a terminal and stderr merged into stdout, and feeds that output to a {@link StepTracker}.
 *
 * <p>How it works (see {@code docs/run.md} for the user-facing semantics):
 * <ul>
 *   <li>Each step's text is its own file, {@code step-N.sh}, run with {@code .} (source) at the top level of the
 *       shell: {@code declare} makes globals, {@code return} ends the step, and the step's status is the status
 *       of its script (its last command, or {@code return N}).</li>
 *   <li>Step boundaries are marked on stdout by lines {@code <RS><nonce> S N}, {@code <RS><nonce> E N STATUS} and
 *       {@code <RS><nonce> D} (RS is U+001E; the nonce is random per action), so markers keep their order with
 *       the output and no step output can be mistaken for one. Gantry's own lines are hidden from
 *       {@code set -x}.</li>
 *   <li>A step that ends the shell ({@code exit}, {@code set -e}, a signal) leaves no end marker: the tracker
 *       takes the shell's exit status as that step's status.</li>
 *   <li>After the last step, the listed output variables are written NUL-delimited ({@code name\0value\0}) to the
 *       side file {@code outputs} (also from an EXIT trap, for a last step that calls {@code exit 0}), so values
 *       keep every character, newlines included.</li>
 * </ul>
 */
public final class BashDriver {
    /** The driver's file name in the folder. */
    public static final String DRIVER = "driver.sh";
    /** The output variables' side file name in the folder. */
    public static final String OUTPUTS = "outputs";
    /** The record separator that starts a marker. */
    public static final char MARK = '\u001e';

    private static final SecureRandom RANDOM = new SecureRandom();

    private BashDriver() {
    }

    /** A fresh random nonce for one action. */
    public static String newNonce() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The files to write into one folder: {@code driver.sh} and one {@code step-N.sh} per step.
     *
     * @param folder          the folder as the shell will see it (absolute path)
     * @param steps           the steps' shell text
     * @param outputVariables names to capture after the last step
     * @param nonce           from {@link #newNonce()}; give the same to the {@link StepTracker}
     */
    public static Map<String, String> files(String folder, List<String> steps, List<String> outputVariables,
                                            String nonce) {
        Map<String, String> files = new LinkedHashMap<>();
        String mark = "\\036" + nonce;
        StringBuilder d = new StringBuilder();
        d.append("# Gantry step driver (generated): runs each step file in this one shell.\n");
        d.append("__gantry_dir=").append(quote(folder)).append('\n');
        d.append("__gantry_step=0\n__gantry_last=").append(steps.size()).append("\n__gantry_dumped=0\n");
        d.append("__gantry_x=\n");
        d.append("__gantry_dump() {\n");
        d.append("  if [[ $__gantry_dumped == 1 ]]; then return 0; fi\n");
        d.append("  __gantry_dumped=1\n");
        d.append("  {\n");
        d.append("    :\n");
        for (String name : outputVariables) {
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                d.append("    if [[ -v ").append(name).append(" ]]; then builtin printf '%s\\0%s\\0' ")
                        .append(name).append(" \"${").append(name).append("}\"; fi\n");
            } else {
                d.append("    if __gantry_v=$(command printenv -- ").append(quote(name))
                        .append(" && builtin printf .); then builtin printf '%s\\0%s\\0' ").append(quote(name))
                        .append(" \"${__gantry_v%$'\\n.'}\"; fi\n");
            }
        }
        d.append("  } >| \"$__gantry_dir/").append(OUTPUTS).append("\"\n");
        d.append("}\n");
        d.append("__gantry_on_exit() {\n");
        d.append("  if [[ $? == 0 && $__gantry_step == \"$__gantry_last\" ]]; then __gantry_dump; fi\n");
        d.append("}\n");
        d.append("trap __gantry_on_exit EXIT\n");
        for (int i = 1; i <= steps.size(); i++) {
            // Restore xtrace on the step's own first line, so the trace shows the step, not Gantry's `.` line;
            // on the same line, so that line numbers in bash's messages stay the step's own.
            files.put("step-" + i + ".sh", "[[ $__gantry_x != *x* ]] || set -x; " + steps.get(i - 1));
            d.append("__gantry_step=").append(i).append('\n');
            d.append("builtin printf '").append(mark).append(" S ").append(i).append("\\n'\n");
            d.append(". \"$__gantry_dir/step-").append(i).append(".sh\"\n");
            d.append("{ __gantry_rc=$?; __gantry_x=$-; set +x; } 2>/dev/null\n");
            d.append("builtin printf '").append(mark).append(" E ").append(i).append(" %s\\n' \"$__gantry_rc\"\n");
            d.append("[[ $__gantry_rc == 0 ]] || builtin exit \"$__gantry_rc\"\n");
        }
        d.append("__gantry_dump\n");
        d.append("builtin printf '").append(mark).append(" D\\n'\n");
        d.append("builtin exit 0\n");
        files.put(DRIVER, d.toString());
        return files;
    }

    /**
     * Writes {@link #files} into {@code dir} (made private: mode 700), for a shell that sees {@code dir} as
     * {@code folderAsSeen} (the same path, or where a remote runner puts it).
     */
    public static void write(java.nio.file.Path dir, String folderAsSeen, List<String> steps,
                             List<String> outputVariables, String nonce) throws java.io.IOException {
        java.nio.file.Files.setPosixFilePermissions(dir,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        for (Map.Entry<String, String> f : files(folderAsSeen, steps, outputVariables, nonce).entrySet()) {
            java.nio.file.Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
    }

    /** {@code s} as one single-quoted bash word. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
