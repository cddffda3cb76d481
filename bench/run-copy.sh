#!/usr/bin/env bash
# How long a fresh workspace copy of a large repository takes (what each action of `gantry run` gets unless --bind).
# Usage: bench/run-copy.sh [REPO_DIR]   (default: a synthetic git repository of ~20,000 files, ~300 MB)
# Prints: files and size, listing time, Gantry's parallel Java copy with 1/4/8 threads, and for comparison
# `cp -a --reflink=auto` of the same file list and a tar pipe.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/cli/target/gantry.jar"
"$here/gantry" --version >/dev/null  # builds the jar when it is missing or stale
repo="${1:-}"
cleanup=""
list=""
trap '[ -z "$list" ] || rm -f "$list"; [ -z "$cleanup" ] || rm -rf "$cleanup"' EXIT
if [ -z "$repo" ]; then
  repo="$(mktemp -d /tmp/gantry-bench-bigrepo.XXXXXX)"
  cleanup="$repo"
  echo "making a synthetic repository in $repo ..." >&2
  (
    cd "$repo"
    git init -q .
    for d in $(seq 1 200); do
      mkdir -p "src/module$d/sub"
      for f in $(seq 1 95); do
        head -c $(( (RANDOM % 16 + 1) * 1024 )) /dev/urandom | base64 > "src/module$d/sub/file$f.txt"
      done
    done
    mkdir -p assets
    for f in $(seq 1 40); do head -c $(( 2 * 1024 * 1024 )) /dev/urandom > "assets/blob$f.bin"; done
    mkdir -p node_modules/ignored && echo x > node_modules/ignored/a.js && echo node_modules/ > .gitignore
    git add -A && git -c user.email=b@b -c user.name=b commit -qm bench
  )
fi
list="$(mktemp)"
java -Djdk.lang.Process.launchMechanism=VFORK -cp "$jar" "$here/bench/java/RunBench.java" copy "$repo"
(cd "$repo" && git ls-files -co --exclude-standard -z > "$list" 2>/dev/null) || (cd "$repo" && find . -type f -print0 > "$list")
best() { # best of 3 wall-clock seconds of "$@"
  local b=999999 s e t
  for _ in 1 2 3; do
    s=$(date +%s%N); "$@"; e=$(date +%s%N); t=$(( (e - s) / 1000000 ))
    [ "$t" -lt "$b" ] && b=$t
  done
  echo "$b"
}
cp_copy() { local to; to="$(mktemp -d)"; (cd "$repo" && xargs -0 cp -a --reflink=auto --parents -t "$to" < "$list"); rm -rf "$to"; }
tar_copy() { local to; to="$(mktemp -d)"; (cd "$repo" && tar --null -T "$list" -cf - | tar -xf - -C "$to"); rm -rf "$to"; }
printf '  cp -a --reflink=auto   %7d ms (includes removing the copy)\n' "$(best cp_copy)"
printf '  tar | tar              %7d ms (includes removing the copy)\n' "$(best tar_copy)"
rm -f "$list"
