#!/usr/bin/env bash
# The web pages of gantry serve (issue 13): how fast the run page of a 200-action run and the action page of a
# 50 MB log open, and whether the live log keeps up with a step printing 10,000 lines a second.
# Usage: bench/web-pages.sh. Needs git and python3. Figures depend on the machine's load (printed first).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/gantry.jar"
"$here/gantry" --version >/dev/null  # builds the jar when it is missing or stale
exec java -cp "$jar" "$here/bench/java/WebBench.java"
