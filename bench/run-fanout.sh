#!/usr/bin/env bash
# Makespan of an N-wide fan-out of `sleep 0.2` through the run service (issue 10: 7.3 s for 50 with the old default
# of 2 slots; gitlab-ci-local 3.6 s). Usage: bench/run-fanout.sh [N=50] [CONCURRENCY]  (none: the default, every
# ready action at once). Figures are best of 3; the machine's load shows in them (see uptime below).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/gantry.jar"
"$here/gantry" --version >/dev/null  # builds the jar when it is missing or stale
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
exec java -Djdk.lang.Process.launchMechanism=VFORK -cp "$jar" "$here/bench/java/RunBench.java" fanout "${1:-50}" ${2:+"$2"}
