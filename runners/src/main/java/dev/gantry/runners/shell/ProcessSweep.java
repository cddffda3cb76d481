package dev.gantry.runners.shell;

import dev.gantry.runners.transport.ShellQuoting;

import java.time.Duration;

/**
 * The bash script that ends every process one action started, however it detached ({@code setsid}, double fork,
 * {@code nohup}, a daemon such as {@code ssh-agent}), run where the action ran (through the transport), on cancel
 * and when the shell has exited. A process belongs to the action when it is in the action's cgroup (when the
 * {@link BashDriver} could make one) or when its environment holds the action's {@link BashDriver#COOKIE} (found by
 * one {@code grep} over {@code /proc/*}{@code /environ}, the way Jenkins' process-tree killer finds its builds).
 * A process whose environment holds {@value #KEEP} is left running (and moved out of the cgroup): the one way to
 * leave a daemon behind on purpose. The rest get SIGTERM, then after the grace period SIGKILL (and
 * {@code cgroup.kill}); the cgroup is removed once empty.
 */
public final class ProcessSweep {
    /** The environment entry of a process that must outlive its action. */
    public static final String KEEP = "GANTRY_KEEP_RUNNING=1";

    private ProcessSweep() {
    }

    /**
     * The script.
     *
     * @param cookie the action's cookie
     * @param cgroup the action's cgroup folder as the shell reported it, or {@code null}
     * @param grace  how long processes get between SIGTERM and SIGKILL
     * @param then   commands to run once the processes are gone (their stdout is the script's), or empty
     */
    public static String script(String cookie, String cgroup, Duration grace, String then) {
        long rounds = Math.max(1, grace.toMillis() / 50);
        StringBuilder s = new StringBuilder(1024);
        s.append("c=").append(ShellQuoting.quote(BashDriver.COOKIE + "=" + cookie)).append('\n');
        s.append("k=").append(ShellQuoting.quote(KEEP)).append('\n');
        s.append("cg=").append(ShellQuoting.quote(cgroup == null ? "" : cgroup)).append('\n');
        s.append("""
                members() {
                  local p f st keep=() all=()
                  if [[ -n $cg && -r $cg/cgroup.procs ]]; then
                    while read -r p; do all+=("$p"); done <"$cg/cgroup.procs"
                  fi
                  for f in $(grep -lsxzF -e "$c" /proc/[0-9]*/environ 2>/dev/null); do
                    p=${f#/proc/}; all+=("${p%/environ}")
                  done
                  (( ${#all[@]} )) || return 0
                  for f in $(grep -lsxzF -e "$k" "${all[@]/#//proc/}" /dev/null 2>/dev/null); do
                    p=${f#/proc/}; keep+=(" ${p%/environ} ")
                  done
                  for p in "${all[@]}"; do
                    [[ $p == "$$" || $p == "$BASHPID" ]] && continue
                    if [[ " ${keep[*]} " == *" $p "* ]]; then
                      [[ -n $cg ]] && echo "$p" 2>/dev/null >"${cg%/*}/cgroup.procs"
                      continue
                    fi
                    read -r _ _ st _ 2>/dev/null </proc/$p/stat || continue
                    [[ $st == Z || $st == X ]] || echo "$p"
                  done
                }
                """.replace("\"${all[@]/#//proc/}\"", "$(printf '/proc/%s/environ ' \"${all[@]}\")"));
        s.append("end() {\n");
        s.append("  local left i\n");
        s.append("  left=$(members); [[ -n $left ]] || return 0\n");
        s.append("  kill -TERM $left 2>/dev/null\n");
        s.append("  for ((i = 0; i < ").append(rounds).append("; i++)); do\n");
        s.append("    sleep 0.05; left=$(members); [[ -n $left ]] || return 0\n");
        s.append("  done\n");
        s.append("  for ((i = 0; i < 40; i++)); do\n");
        s.append("    [[ -n $cg && -w $cg/cgroup.kill ]] && echo 1 2>/dev/null >\"$cg/cgroup.kill\"\n");
        s.append("    kill -KILL $left 2>/dev/null; sleep 0.05\n");
        s.append("    left=$(members); [[ -n $left ]] || return 0\n");
        s.append("  done\n");
        s.append("}\n");
        s.append("end\n");
        s.append("if [[ -n $cg ]]; then for ((i = 0; i < 60; i++)); do rmdir \"$cg\" 2>/dev/null && break; "
                + "[[ -d $cg ]] || break; sleep 0.05; done; fi\n");
        s.append(then.isEmpty() ? "exit 0\n" : then + "\n");
        return s.toString();
    }
    /**
     * The same sweep for a POSIX {@code sh} (an image without bash; {@code grep -z} of GNU or BusyBox): processes
     * found by the cookie alone (no cgroup), {@value #KEEP} honoured.
     */
    public static String posixScript(String cookie, Duration grace, String then) {
        long rounds = Math.max(1, grace.toMillis() / 50);
        StringBuilder s = new StringBuilder(1024);
        s.append("c=").append(ShellQuoting.quote(BashDriver.COOKIE + "=" + cookie)).append('\n');
        s.append("k=").append(ShellQuoting.quote(KEEP)).append('\n');
        s.append("""
                members() {
                  for f in $(grep -lsxzF -e "$c" /proc/[0-9]*/environ 2>/dev/null); do
                    p=${f#/proc/}; p=${p%/environ}
                    [ "$p" = "$$" ] && continue
                    grep -qsxzF -e "$k" "$f" 2>/dev/null && continue
                    read -r _ _ st _ 2>/dev/null </proc/$p/stat || continue
                    [ "$st" = Z ] || [ "$st" = X ] || echo "$p"
                  done
                }
                end() {
                  left=$(members); [ -n "$left" ] || return 0
                  kill -TERM $left 2>/dev/null
                  i=0
                  while [ $i -lt ROUNDS ]; do
                    sleep 0.05; left=$(members); [ -n "$left" ] || return 0; i=$((i + 1))
                  done
                  i=0
                  while [ $i -lt 40 ]; do
                    kill -KILL $left 2>/dev/null; sleep 0.05
                    left=$(members); [ -n "$left" ] || return 0; i=$((i + 1))
                  done
                }
                end
                """.replace("ROUNDS", Long.toString(rounds)));
        s.append(then.isEmpty() ? "exit 0\n" : then + "\n");
        return s.toString();
    }
}
