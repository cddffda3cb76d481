package dev.gantry.runners.shell;

import dev.gantry.engine.run.Runner;
import dev.gantry.runners.transport.ShellQuoting;

import java.util.List;
import java.util.Map;

/**
 * The {@link BashDriver}'s program for a POSIX {@code /bin/sh} (an image without bash: BusyBox, Alpine, distroless
 * shells): one shell for all the steps, the same markers on a descriptor of their own (9), the same outputs file.
 * Variables and the working directory carry from step to step, as with bash, and {@code GANTRY_ACTION_TEMP} names
 * the same folder. What differs, said in {@code docs/run.md}: each step's text runs through {@code eval} (so
 * {@code return} outside a function is an error, not the end of the step), step durations are the time Gantry read
 * the markers (sh has no clock variable), no cgroup is made (the action's container ends its processes), and
 * {@code set -x} is not restored per step.
 */
public final class PosixDriver {
    /** The descriptor the markers are written to (sh accepts single digits only). */
    public static final int MARKER_FD = 9;

    private PosixDriver() {
    }

    /** {@code env GANTRY_ACTION_COOKIE=<cookie> sh -c ...}: reads the {@link #program} from stdin and runs it. */
    public static List<String> command(String cookie) {
        return List.of("env", BashDriver.COOKIE + "=" + cookie, "sh", "-c",
                "__gantry_p=$(cat) || exit 1; exec </dev/null; eval \"$__gantry_p\"");
    }

    /** The program; parameters as {@link BashDriver#program} (no cgroup). */
    public static String program(String scratch, String workingDirectory, Map<String, String> environment,
                                 List<String> steps, List<String> outputVariables, String nonce, String cookie) {
        StringBuilder d = new StringBuilder(1024);
        String m = ">&" + MARKER_FD;
        String mark = "printf '\\036%s ";
        d.append("# Gantry step driver for sh (generated): runs each step in this one shell.\n");
        d.append("unset __gantry_p\n");
        environment.forEach((name, value) -> {
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                d.append("export ").append(ShellQuoting.quote(name + "=" + value)).append(" 2>/dev/null\n");
            }
        });
        d.append("exec ").append(MARKER_FD).append(">&1\n");
        d.append("__gantry_n=").append(nonce).append('\n');
        d.append("__gantry_dir=").append(ShellQuoting.quote(scratch)).append('\n');
        String temp = "\"$__gantry_dir/" + BashDriver.TEMP + "\"";
        d.append("if [ -d ").append(temp).append(" ] || mkdir -m 700 ").append(temp)
                .append(" 2>/dev/null; then export ").append(Runner.TEMP_VARIABLE).append('=').append(temp)
                .append("; else unset ").append(Runner.TEMP_VARIABLE).append("; fi\n");
        d.append("cd -- ").append(ShellQuoting.quote(workingDirectory)).append(" || exit 1\n");
        d.append("__gantry_step=0\n__gantry_last=").append(steps.size()).append("\n__gantry_dumped=0\n");
        d.append("__gantry_dump() {\n");
        d.append("  [ \"$__gantry_dumped\" = 1 ] && return 0\n");
        d.append("  __gantry_dumped=1\n");
        d.append("  {\n    :\n");
        for (String name : outputVariables) {
            if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                d.append("    if [ -n \"${").append(name).append("+x}\" ]; then printf '%s\\000%s\\000' ")
                        .append(name).append(" \"$").append(name).append("\"; fi\n");
            }
        }
        d.append("  } >| \"$__gantry_dir/").append(BashDriver.OUTPUTS).append("\"\n");
        d.append("}\n");
        d.append("__gantry_on_exit() {\n");
        d.append("  __gantry_rc=$?\n");
        d.append("  if [ \"$__gantry_rc\" = 0 ] && [ \"$__gantry_step\" = \"$__gantry_last\" ]; then __gantry_dump; fi\n");
        d.append("  ").append(mark).append("X %s \\n' \"$__gantry_n\" \"$__gantry_rc\" ").append(m)
                .append(" 2>/dev/null\n");
        d.append("}\n");
        d.append("trap __gantry_on_exit EXIT\n");
        for (int i = 1; i <= steps.size(); i++) {
            d.append("__gantry_step=").append(i).append('\n');
            d.append(mark).append("S ").append(i).append(" \\n' \"$__gantry_n\" ").append(m).append('\n');
            d.append("eval ").append(ShellQuoting.quote(steps.get(i - 1))).append('\n');
            d.append("__gantry_rc=$?\n");
            d.append(mark).append("E ").append(i).append(" %s \\n' \"$__gantry_n\" \"$__gantry_rc\" ").append(m)
                    .append('\n');
            d.append("[ \"$__gantry_rc\" = 0 ] || exit \"$__gantry_rc\"\n");
        }
        d.append("__gantry_dump\n");
        d.append(mark).append("D\\n' \"$__gantry_n\" ").append(m).append('\n');
        d.append("exit 0\n");
        return d.toString();
    }
}
