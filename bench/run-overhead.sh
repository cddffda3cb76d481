#!/usr/bin/env bash
# Per-action overhead of gantry run: a 50-action chain (the service caps a workflow at 50) of `true` steps vs a bare `bash -c true` loop.
# Goal: under 15 ms overhead per action. Usage: bench/run-overhead.sh [N=50]
# This is the run service in one warm JVM; the figure as a user meets it (the real CLI, ./gantry run, JVM start
# included) is bench/startup.sh's per-action overhead.
# Runs through the run service as gantry run does (bench/java/RunBench.java): the validator caps a workflow at 50
# actions, as the service does. Figures are best of 3; the machine's load shows in them (see uptime below).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/gantry.jar"
"$here/gantry" --version >/dev/null  # builds the jar when it is missing or stale
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
exec java -Djdk.lang.Process.launchMechanism=VFORK -cp "$jar" "$here/bench/java/RunBench.java" overhead "${1:-50}"
