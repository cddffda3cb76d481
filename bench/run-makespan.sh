#!/usr/bin/env bash
# Makespan of a 50-action random DAG of short sleeps (unlimited slots) vs its critical-path lower bound.
# Goal: within 5% of the bound. Usage: bench/run-makespan.sh [N=50] [SEED=42]
# Runs through the run service as gantry run does (bench/java/RunBench.java): the validator caps a workflow at 50
# actions, as the service does. Figures are best of 3; the machine's load shows in them (see uptime below).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/gantry.jar"
"$here/gantry" --version >/dev/null  # builds the jar when it is missing or stale
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
exec java -Djdk.lang.Process.launchMechanism=VFORK -cp "$jar" "$here/bench/java/RunBench.java" makespan "${1:-50}" "${2:-42}"
