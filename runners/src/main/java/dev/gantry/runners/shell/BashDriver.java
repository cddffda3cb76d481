package dev.gantry.runners.shell;

import dev.gantry.engine.run.Runner;
import dev.gantry.runners.transport.ShellQuoting;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The bash program that runs an action's steps in ONE shell, so that shell variables (exported or not), the
 * working directory, functions and shell options carry from step to step. Shared by every transport: the
 * {@link #command} (no secret in it) starts bash, which reads the whole {@link #program} from its standard input (a
 * pipe), then runs it with stdin at end of file. Nothing the program holds (the environment, the substituted step
 * text, so secrets) is ever written to a file or put on a command line.
 *
 * <p>How it works (see {@code docs/run.md} for the user-facing semantics):
 * <ul>
 *   <li>Each step's text is sourced at the top level of the shell from a here-string on a private descriptor
 *       ({@code builtin source /dev/fd/243 243<<<"$text"}): {@code declare} makes globals, {@code return} ends the
 *       step, and the step's status is the status of its text (its last command, or {@code return N}).</li>
 *   <li>Step boundaries travel on a channel of their own: before the first step the driver duplicates its original
 *       output stream on descriptor {@value #MARKER_FD} and writes the markers there, never on the step's stdout or
 *       stderr, so a step may redirect or close those ({@code exec >build.log 2>&1}) without losing its tracking or
 *       finding markers in its files. The transport's single output stream keeps markers in order with the output.
 *       A marker is {@code <RS><nonce> S N T}, {@code <RS><nonce> E N STATUS T}, {@code <RS><nonce> X STATUS T} (the
 *       shell is exiting), {@code <RS><nonce> G PATH} (the action's cgroup) or {@code <RS><nonce> D} (RS is U+001E,
 *       the nonce random per action, {@code T} the driver's clock, {@code $EPOCHREALTIME}, empty before bash 5), so
 *       step durations are measured where the step ran.</li>
 *   <li>A step that ends the shell ({@code exit}, {@code set -e}, a signal) leaves no end marker: the tracker
 *       takes the shell's exit status as that step's status.</li>
 *   <li>Where cgroup v2 is writable, the shell first moves itself into a cgroup of its own
 *       ({@code <cgroup of the shell>/gantry-<cookie>}), so that every process of the action can be ended however it
 *       detached; and every process carries the per-action cookie {@value #COOKIE} in its environment (set by the
 *       {@link #command}), which {@link ProcessSweep} finds when there is no cgroup.</li>
 *   <li>Before the first step the shell exports {@value Runner#TEMP_VARIABLE}: the folder {@value #TEMP} in the
 *       private scratch folder (made, mode 700, unless the runner made it already), for the temporary files of
 *       the action (a GitHub step's script and {@code GITHUB_*} files), so that they go with the scratch folder
 *       however the action ends, instead of staying in {@code /tmp}.</li>
 *   <li>After the last step, the listed output variables are written NUL-delimited ({@code name\0value\0}) to the
 *       file {@link #OUTPUTS} in the private scratch folder (also from an EXIT trap, for a last step that calls
 *       {@code exit 0}), so values keep every character, newlines included.</li>
 * </ul>
 */
public final class BashDriver {
    /** The output variables' file name in the scratch folder. */
    public static final String OUTPUTS = "outputs";
    /** The action's temporary folder ({@link Runner#TEMP_VARIABLE}) in the scratch folder. */
    public static final String TEMP = "tmp";
    /** The record separator that starts a marker. */
    public static final char MARK = '\u001e';
    /** The environment variable that marks every process of one action. */
    public static final String COOKIE = "GANTRY_ACTION_COOKIE";
    /** The descriptor the markers are written to. */
    public static final int MARKER_FD = 242;
    /** The descriptor each step's text is sourced from. */
    public static final int STEP_FD = 243;

    private static final SecureRandom RANDOM = new SecureRandom();

    private BashDriver() {
    }

    /** A fresh random nonce (or cookie) for one action. */
    public static String newNonce() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * The command that starts the shell: {@code env GANTRY_ACTION_COOKIE=<cookie> bash --noprofile --norc -c ...},
     * which reads the {@link #program} from stdin and runs it. No secret in it.
     */
    public static List<String> command(String cookie) {
        return List.of("env", COOKIE + "=" + cookie, "bash", "--noprofile", "--norc", "-c",
                "__gantry_p=$(</dev/stdin) || builtin exit 1; exec </dev/null; builtin eval \"$__gantry_p\"");
    }

    /**
     * The program to write on the shell's stdin.
     *
     * @param scratch          the private scratch folder as the shell sees it (the outputs file goes there)
     * @param workingDirectory where the first step starts, as the shell sees it
     * @param environment      variables to export before the first step
     * @param steps            the steps' shell text
     * @param outputVariables  names to capture after the last step
     * @param nonce            from {@link #newNonce()}; give the same to the {@link StepTracker}
     * @param cookie           the value of {@link #COOKIE} in the {@link #command}
     * @param cgroups          whether to make a cgroup for the action where cgroup v2 is writable
     */
    public static String program(String scratch, String workingDirectory, Map<String, String> environment,
                                 List<String> steps, List<String> outputVariables, String nonce, String cookie,
                                 boolean cgroups) {
        StringBuilder d = new StringBuilder(1024);
        String m = ">&" + MARKER_FD;
        String mark = "builtin printf '\\036%s ";
        d.append("# Gantry step driver (generated): runs each step in this one shell.\n");
        d.append("builtin unset __gantry_p\n");
        environment.forEach((name, value) -> d.append("builtin export ").append(ShellQuoting.quote(name + "=" + value))
                .append(" 2>/dev/null\n"));
        d.append("exec ").append(MARKER_FD).append(">&1\n");
        d.append("__gantry_n=").append(nonce).append('\n');
        d.append("__gantry_dir=").append(ShellQuoting.quote(scratch)).append('\n');
        String temp = "\"$__gantry_dir/" + TEMP + "\"";
        d.append("if [[ -d ").append(temp).append(" ]] || builtin command mkdir -m 700 -- ").append(temp)
                .append(" 2>/dev/null; then builtin export ").append(Runner.TEMP_VARIABLE).append('=').append(temp)
                .append("; else builtin unset ").append(Runner.TEMP_VARIABLE).append("; fi\n");
        if (cgroups) {
            d.append("__gantry_cgroup() {\n");
            d.append("  local t mnt own l _\n");
            d.append("  while read -r _ mnt t _; do [[ $t == cgroup2 ]] && break; mnt=; done </proc/self/mounts\n");
            d.append("  [[ -n $mnt ]] || return 0\n");
            d.append("  while IFS= read -r l; do [[ $l == 0::* ]] && own=${l#0::}; done </proc/self/cgroup\n");
            d.append("  l=$mnt${own%/}/gantry-").append(cookie).append('\n');
            d.append("  builtin command mkdir \"$l\" 2>/dev/null || return 0\n");
            d.append("  if builtin echo $$ 2>/dev/null >\"$l/cgroup.procs\"; then ").append(mark)
                    .append("G %s\\n' \"$__gantry_n\" \"$l\" ").append(m)
                    .append("; else builtin command rmdir \"$l\" 2>/dev/null; fi\n");
            d.append("}\n");
            d.append("__gantry_cgroup 2>/dev/null\nbuiltin unset -f __gantry_cgroup\n");
        }
        String wd = ShellQuoting.quote(workingDirectory);
        d.append("[[ $PWD == ").append(wd).append(" ]] || builtin cd -- ").append(wd).append(" || builtin exit 1\n");
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
                d.append("    if __gantry_v=$(builtin command printenv -- ").append(ShellQuoting.quote(name))
                        .append(" && builtin printf .); then builtin printf '%s\\0%s\\0' ")
                        .append(ShellQuoting.quote(name)).append(" \"${__gantry_v%$'\\n.'}\"; fi\n");
            }
        }
        d.append("  } >| \"$__gantry_dir/").append(OUTPUTS).append("\"\n");
        d.append("}\n");
        d.append("__gantry_on_exit() {\n");
        d.append("  builtin local rc=$?\n");
        d.append("  if [[ $rc == 0 && $__gantry_step == \"$__gantry_last\" ]]; then __gantry_dump; fi\n");
        d.append("  ").append(mark).append("X %s %s\\n' \"$__gantry_n\" \"$rc\" \"${EPOCHREALTIME-}\" ").append(m)
                .append(" 2>/dev/null\n");
        d.append("}\n");
        d.append("trap __gantry_on_exit EXIT\n");
        for (int i = 1; i <= steps.size(); i++) {
            // Restore xtrace on the step's own first line, so the trace shows the step, not Gantry's lines; on the
            // same line, so that line numbers in bash's messages stay the step's own.
            String text = "[[ $__gantry_x != *x* ]] || set -x; " + steps.get(i - 1);
            d.append("__gantry_step=").append(i).append('\n');
            d.append(mark).append("S ").append(i).append(" %s\\n' \"$__gantry_n\" \"${EPOCHREALTIME-}\" ").append(m)
                    .append('\n');
            d.append("builtin source /dev/fd/").append(STEP_FD).append(' ').append(STEP_FD).append("<<<")
                    .append(ShellQuoting.quote(text)).append('\n');
            d.append("{ __gantry_rc=$? __gantry_t=${EPOCHREALTIME-}; __gantry_x=$-; set +x; } 2>/dev/null\n");
            d.append(mark).append("E ").append(i).append(" %s %s\\n' \"$__gantry_n\" \"$__gantry_rc\" \"$__gantry_t\" ")
                    .append(m).append('\n');
            d.append("[[ $__gantry_rc == 0 ]] || builtin exit \"$__gantry_rc\"\n");
        }
        d.append("__gantry_dump\n");
        d.append(mark).append("D\\n' \"$__gantry_n\" ").append(m).append('\n');
        d.append("builtin exit 0\n");
        return d.toString();
    }

    /** {@code s} as one single-quoted bash word. */
    public static String quote(String s) {
        return ShellQuoting.quote(s);
    }
}
