#!/usr/bin/env bash
# Benchmark: wall time of ONE `./gantry validate` call over 100 workflow files, JVM start included.
# Copies the shared corpus (../shared/corpus/codecatalyst-workflows, or $GANTRY_CORPUS) round-robin into a
# temporary .codecatalyst/workflows/ until it holds $FILES files, builds Gantry if needed, runs once to warm the
# file cache, then times $REPS runs and prints each figure, min, median and max. Goal: under 1 s on 2 cores.
#
# Usage: bench/validate-corpus.sh [REPS]    (env: FILES=100, GANTRY_CORPUS=path, GANTRY_JAVA_OPTS=...)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${1:-10}"
files="${FILES:-100}"
corpus="${GANTRY_CORPUS:-$here/../shared/corpus/codecatalyst-workflows}"
[ -d "$corpus" ] || { echo "bench: no corpus at $corpus (set GANTRY_CORPUS)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/.codecatalyst/workflows"
mapfile -t sources < <(find "$corpus" -maxdepth 1 -name '*.yaml' | sort)
[ "${#sources[@]}" -gt 0 ] || { echo "bench: no .yaml files in $corpus" >&2; exit 2; }
for ((i = 0; i < files; i++)); do
  src="${sources[i % ${#sources[@]}]}"
  cp "$src" "$work/.codecatalyst/workflows/$(printf '%03d' "$i")-$(basename "$src")"
done
bytes=$(cat "$work"/.codecatalyst/workflows/*.yaml | wc -c)

"$here/gantry" --version >/dev/null   # builds the jar (and its class-data archive) when needed
set +e
(cd "$work" && "$here/gantry" validate >/dev/null 2>&1)
status=$?
set -e

echo "gantry validate: $files files ($((bytes / 1024)) KB) in one call, $reps runs, $(nproc) cores," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Wall time is what the goal is about; CPU time (user + sys, all threads) is printed too because on a shared
# machine wall time also counts the time spent waiting for a core.
times=()
cpus=()
for ((r = 1; r <= reps; r++)); do
  start=$(date +%s%N)
  cpu_before=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
  (cd "$work" && "$here/gantry" validate >/dev/null 2>&1) || true
  end=$(date +%s%N)
  cpu_after=$(awk '{print $14 + $15 + $16 + $17}' /proc/$$/stat)
  ms=$(( (end - start) / 1000000 ))
  cpu_ms=$(( (cpu_after - cpu_before) * 1000 / $(getconf CLK_TCK) ))
  times+=("$ms")
  cpus+=("$cpu_ms")
  echo "  run $r: ${ms} ms wall, ${cpu_ms} ms CPU"
done
stats() {
  local sorted n
  sorted=($(printf '%s\n' "$@" | sort -n))
  n=${#sorted[@]}
  echo "min ${sorted[0]} ms, median ${sorted[$(( (n - 1) / 2 ))]} ms, max ${sorted[n - 1]} ms"
}
echo "wall: $(stats "${times[@]}")"
echo "CPU:  $(stats "${cpus[@]}") (exit status $status)"
