#!/usr/bin/env bash
# Start-up and per-action overhead of the real CLI, as a user meets it: wall time of whole `gantry` commands
# (launcher script and JVM start included). Prints the median of REPS runs of each case (min and max beside it).
#
#   version   `gantry --version`
#   validate  `gantry validate` of one workflow file (the quickstart example)
#   run1      `gantry run` of a one-action workflow whose one step is `true`
#   chain50   `gantry run` of a 50-action chain (each DependsOn the one before) of `true` steps
#   bind50    the same with --bind (no workspace copies: what the rest of Gantry costs per action)
#   per-action overhead = (chain50 - run1) / 49 - one bare `bash -c true` (measured here, in a bash loop)
# Each figure in wall time and in CPU time (user + system of the command and its children): on a loaded machine the
# CPU time is the steadier of the two; the load average is printed before and after the runs.
#
# Goals (issue 10): validate < 200 ms, run1 < 350 ms, per-action overhead < 5 ms.
# Usage: bench/startup.sh [REPS=15] [GANTRY...]
#   With several launchers (e.g. this checkout's ./gantry and another checkout's), their runs are interleaved
#   (A B A B ...) so that the machine's load falls on each alike; each is built (and its archive trained) first.
#   A launcher may carry an environment: "env JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./gantry".
#   BENCH_TTY=1 runs each command in a terminal of its own (`script`), as a developer's `gantry run` in a terminal
#   is (local shells then start under setsid); otherwise the commands have the controlling terminal of this script,
#   if any (none in CI). The header says which.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${1:-15}"
shift || true
launchers=("$@")
[ "${#launchers[@]}" -gt 0 ] || launchers=("$here/gantry")

# The scratch repository lives where a user's checkout would, beside this one (bench/target/, git-ignored), not in
# /tmp: on this machine /tmp is an ext4 folder that test suites and CI runs churn all day, where making a file costs 0.2-0.9 ms
# (the allocator searches past recently freed inodes) against ~14 us elsewhere on the same disk. BENCH_DIR=/tmp
# measures there anyway.
mkdir -p "${BENCH_DIR:-$here/bench/target}"
work="$(mktemp -d "${BENCH_DIR:-$here/bench/target}/startup.XXXXXX")"
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
mkdir -p "$repo/.codecatalyst/workflows" "$repo/src"
git init -q "$repo"
for i in 1 2 3 4 5 6 7 8; do echo "content $i" >"$repo/src/file$i.txt"; done
action() { # id, depends-on (or empty)
  printf '  %s:\n    Identifier: aws/build@v1\n' "$1"
  [ -z "$2" ] || printf '    DependsOn:\n      - %s\n' "$2"
  printf '    Inputs:\n      Sources:\n        - WorkflowSource\n    Configuration:\n      Steps:\n        - Run: "true"\n'
}
{ printf 'Name: one\nSchemaVersion: "1.0"\nActions:\n'; action A1 ""; } >"$repo/.codecatalyst/workflows/one.yaml"
{ printf 'Name: chain\nSchemaVersion: "1.0"\nActions:\n'
  for i in $(seq 1 50); do action "A$i" "$([ "$i" = 1 ] || echo "A$((i - 1))")"; done
} >"$repo/.codecatalyst/workflows/chain.yaml"
validate_file="$here/examples/quickstart/.codecatalyst/workflows/quickstart.yaml"

cases=(version validate run1 chain50 bind50)
command_of() { # launcher, case
  case "$2" in
    version) echo "$1 --version" ;;
    validate) echo "$1 validate $validate_file" ;;
    run1) echo "$1 run .codecatalyst/workflows/one.yaml" ;;
    chain50) echo "$1 run .codecatalyst/workflows/chain.yaml" ;;
    bind50) echo "$1 run --bind .codecatalyst/workflows/chain.yaml" ;;
  esac
}
ms() { # command...: "wall cpu" milliseconds of one run (cpu: user + system of it and its children; fails loudly)
  local t0 t1 c0 c1 me=$BASHPID
  c0=$(children_cpu "$me")
  t0=$(date +%s%N)
  if [ "${BENCH_TTY:-}" = 1 ]; then
    (cd "$repo" && script -qec "$(printf '%q ' "$@")" /dev/null >"$work/out" 2>&1) \
      || { echo "bench: failed: $*" >&2; cat "$work/out" >&2; exit 2; }
  else
    (cd "$repo" && "$@" >"$work/out" 2>&1) || { echo "bench: failed: $*" >&2; cat "$work/out" >&2; exit 2; }
  fi
  t1=$(date +%s%N)
  c1=$(children_cpu "$me")
  rm -rf "$repo/.gantry"
  echo "$(((t1 - t0) / 1000000)) $((c1 - c0))"
}
children_cpu() { # pid: the user + system milliseconds of its waited-for children (/proc/PID/stat: cutime, cstime)
  awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat"
}
stats() { # numbers on stdin: "median (min–max)"
  sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%6.0f ms (%d–%d)", m, a[1], a[NR]}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for l in "${launchers[@]}"; do
  read -ra cmd <<<"$l --version"; "${cmd[@]}" >/dev/null # builds the jar (and trains its archive) when needed
  for c in "${cases[@]}"; do read -ra cmd <<<"$(command_of "$l" "$c")"; ms "${cmd[@]}" >/dev/null; done # warm-up
done
terminal=none
if [ "${BENCH_TTY:-}" = 1 ]; then terminal="a pseudo-terminal of its own (script)"
elif [ "$(awk '{sub(/.*\) /, ""); print $5}' /proc/self/stat 2>/dev/null || echo 0)" != 0 ]; then terminal="this script's"; fi
echo "controlling terminal of the commands: $terminal"
echo "repository: $repo; load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs; $reps runs of each, interleaved; java: $(java -version 2>&1 | head -1)"
declare -A res
declare -A wall cpu
record() { # key, "wall cpu"
  wall[$1]+="${2% *} "
  cpu[$1]+="${2#* } "
}
for ((r = 0; r < reps; r++)); do
  for c in java "${cases[@]}" bare; do
    for ((k = 0; k < ${#launchers[@]}; k++)); do
      case "$c" in
        java) [ "$k" = 0 ] && record java "$(ms java -version)" ;;
        bare) [ "$k" = 0 ] && record bare "$(ms bash -c 'for i in $(seq 50); do bash -c true; done')" ;;
        *) read -ra cmd <<<"$(command_of "${launchers[k]}" "$c")"; record "$k.$c" "$(ms "${cmd[@]}")" ;;
      esac
    done
  done
done
row() { # label, key
  printf '  %-30s wall %s   cpu %s\n' "$1" "$(tr ' ' '\n' <<<"${wall[$2]}" | grep . | stats)" \
    "$(tr ' ' '\n' <<<"${cpu[$2]}" | grep . | stats)"
}
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median (min–max) of $reps runs; cpu = user + system time of the command and its children"
row "java -version (bare JVM)" java
row "50 x bash -c true (bash loop)" bare
for ((k = 0; k < ${#launchers[@]}; k++)); do
  echo "${launchers[k]}:"
  for c in "${cases[@]}"; do row "$c" "$k.$c"; done
  for chain in chain50 bind50; do
    for kind in wall cpu; do
      declare -n m="$kind"
      run1=$(tr ' ' '\n' <<<"${m[$k.run1]}" | grep . | median)
      many=$(tr ' ' '\n' <<<"${m[$k.$chain]}" | grep . | median)
      bare=$(tr ' ' '\n' <<<"${m[bare]}" | grep . | median)
      awk -v c="$many" -v r="$run1" -v b="$bare" -v kind="$kind" -v chain="$chain" 'BEGIN {
        printf "  %-30s %s %6.1f ms  ((%s - run1) / 49 - %.1f ms of a bare bash -c true)\n",
        "per-action overhead, " chain, kind, (c - r) / 49 - b / 50, chain, b / 50}'
      unset -n m
    done
  done
done
