#!/usr/bin/env bash
# Benchmark: what the Groovy DSL costs. Wall time of one `./gantry export` call, JVM start included, for the
# reference workflow written in YAML and the same workflow written in the DSL (examples/dsl-multiarch): the
# difference is compiling and running the sandboxed script. Prints each figure, then min, median and max.
#
# Usage: bench/groovy-export.sh [REPS]    (env: GANTRY_JAVA_OPTS=...)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps="${1:-5}"
yaml="$here/examples/hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml"
dsl="$here/examples/dsl-multiarch/.gantry/workflows/multiarch.groovy"

"$here/gantry" --version >/dev/null   # builds the jar when needed

measure() {
  local label="$1" file="$2" times=()
  "$here/gantry" export "$file" >/dev/null   # warm the file cache
  for ((i = 0; i < reps; i++)); do
    local start end
    start=$(date +%s%N)
    "$here/gantry" export "$file" >/dev/null
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000000 ))")
  done
  mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
  echo "$label: ${times[*]} ms; min ${sorted[0]} ms, median ${sorted[$((reps / 2))]} ms, max ${sorted[$((reps - 1))]} ms"
}

echo "gantry export, $reps runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
measure "YAML  (multiarch.yaml)  " "$yaml"
measure "Groovy (multiarch.groovy)" "$dsl"
