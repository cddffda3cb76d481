#!/usr/bin/env bash
# Figures for gantry serve: webhook-to-first-step latency (p50/p99 over N pushes to a real bare repository, announced
# by the generic post-receive webhook, after 100 warm-up pushes that are not counted; then where the time went, phase
# by phase, CPU time per push and the load average), runs per minute with trivial workflows (N manual runs through the
# API), and history queries over HTTP with 100,000 runs in the embedded database.
# Goals: p99 webhook-to-first-step < 250 ms; history pages < 50 ms at 100,000 runs.
# Usage: bench/server.sh [all|latency|throughput|history] [N=200] [RUNS=100000]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/gantry.jar"
"$here/gantry" --version >/dev/null  # builds the jar when it is missing or stale
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
exec java -cp "$jar" "$here/bench/java/ServerBench.java" "${1:-all}" "${2:-200}" "${3:-100000}"
