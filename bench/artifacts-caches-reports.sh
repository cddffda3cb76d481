#!/usr/bin/env bash
# Prints how long Gantry's artifact collection, cache save/restore and report auto-discovery take on a synthetic
# node_modules-like tree (FILES small files in nested folders, every 10th a package.json, 20 JUnit reports).
# Usage: bench/artifacts-caches-reports.sh [FILES]   (default 20000). Needs the jar: ./gantry --version builds it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=${1:-20000}
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo/.codecatalyst/workflows"
python3 - "$repo" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, "node_modules", f"pkg{i // 100}", "lib", f"m{i % 10}")
    os.makedirs(d, exist_ok=True)
    name = "package.json" if i % 10 == 0 else f"f{i}.js"
    with open(os.path.join(d, name), "w") as f:
        f.write('{"name": "p%d", "version": "1.0.0"}' % i if name.endswith("json") else "module.exports = %d;\n" % i)
os.makedirs(os.path.join(root, "reports"), exist_ok=True)
for i in range(20):
    with open(os.path.join(root, "reports", f"TEST-{i}.xml"), "w") as f:
        f.write('<testsuite name="s%d">' % i + "".join('<testcase classname="c" name="t%d"/>' % j for j in range(50)) + "</testsuite>")
PY
cat > "$repo/.codecatalyst/workflows/bench.yaml" <<'YAML'
Name: bench
SchemaVersion: "1.0"
Actions:
  Build:
    Identifier: aws/build@v1
    Inputs: {Sources: [WorkflowSource]}
    Caching: {FileCaching: {deps: {Path: node_modules}}}
    Outputs:
      Artifacts: [{Name: MODULES, Files: ["node_modules/**/*"]}]
      AutoDiscoverReports: {Enabled: true, ReportNamePrefix: rpt}
    Configuration: {Steps: [{Run: "true"}]}
YAML
(cd "$repo" && git init -q && printf 'node_modules/\n' > .gitignore)
export XDG_CACHE_HOME=$work/cache
run() { (cd "$repo" && java -jar "$here/cli/target/gantry.jar" run --bind --json); }
stamp() { grep -o "\"time\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
ms() { python3 -c "import sys,datetime as d; p=lambda s: d.datetime.fromisoformat(s.replace('Z','+00:00')); print(int((p(sys.argv[2])-p(sys.argv[1])).total_seconds()*1000))" "$1" "$2"; }
for round in first second; do
  out=$(run)
  s=$(echo "$out" | grep '"type":"step.finished"' | stamp)
  r=$(echo "$out" | grep 'reports: tests' | stamp)
  a=$(echo "$out" | grep 'output artifact MODULES' | stamp)
  c=$(echo "$out" | grep 'cache deps: saved' | stamp)
  b=$(echo "$out" | grep '"type":"action.started"' | stamp)
  f=$(echo "$out" | grep '"type":"step.started"' | stamp)
  echo "$round run, $files files: restore+place $(ms "$b" "$f") ms, report discovery $(ms "$s" "$r") ms," \
       "artifact collection $(ms "$r" "$a") ms, cache save $(ms "$a" "$c") ms"
done
du -sh "$work/cache/gantry" | awk '{print "cache store size: " $1}'
