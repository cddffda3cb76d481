#!/usr/bin/env bash
# A plain-bash stand-in for `gantry run` on the reference workflow: runs each action's Run steps, unmodified, in a
# fresh copy of the workflow's source folder, with the action's Inputs.Variables, the stand-ins' variables
# ($GANTRY_E2E_STATE/env, written by setup-offline.sh) and DOCKER_DEFAULT_PLATFORM from the action's fleet.
# Actions without pending dependencies run in parallel (the two builds), then the ones that depend on them.
#
# Usage: multiarch-steps.sh [WORKFLOW.yaml]   (default: the example's multiarch.yaml)
# Leaves in $GANTRY_E2E_WORK (default: a new temporary folder): logs/<action>.log and timeline.tsv
# (action, start, end in epoch seconds, exit code) — the input of assert-overlap.py.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WORKFLOW=$(realpath "${1:-$REPO_DIR/examples/hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml}")
SOURCE_DIR=$(dirname "$(dirname "$(dirname "$WORKFLOW")")") # the folder holding .codecatalyst/
[ -f "$ENV_FILE" ] || die "$ENV_FILE not found: run e2e/setup-offline.sh first"
WORK=${GANTRY_E2E_WORK:-$(mktemp -d /tmp/gantry-e2e-steps.XXXXXX)}
mkdir -p "$WORK/logs"
: >"$WORK/timeline.tsv"
python3 "$E2E_DIR/workflow_steps.py" "$WORKFLOW" "$WORK/scripts"
# A Docker client configuration of this run's own: no login or `docker manifest` list left over from another run.
export DOCKER_CONFIG="${DOCKER_CONFIG:-$WORK/docker-config}"
mkdir -p "$DOCKER_CONFIG"

run_action() {
  local name=$1 src="$WORK/src-$1" start end rc
  rm -rf "$src" && mkdir -p "$src" && cp -a "$SOURCE_DIR/." "$src/"
  start=$(now)
  set +e
  (
    cd "$src"
    set -a
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    set +a
    DOCKER_DEFAULT_PLATFORM=$(cat "$WORK/scripts/$name.platform")
    export DOCKER_DEFAULT_PLATFORM
    echo "+ # DOCKER_DEFAULT_PLATFORM=$DOCKER_DEFAULT_PLATFORM, in $src"
    exec bash "$WORK/scripts/$name.sh"
  ) 2>&1 </dev/null | tee "$WORK/logs/$name.log" | sed -u "s/^/[$name] /"
  rc=${PIPESTATUS[0]}
  set -e
  end=$(now)
  printf '%s\t%s\t%s\t%s\n' "$name" "$start" "$end" "$rc" >>"$WORK/timeline.tsv"
  return "$rc"
}

T0=$(now)
failed=()
while read -r -a wave; do
  log "running together: ${wave[*]}"
  pids=()
  for name in "${wave[@]}"; do run_action "$name" & pids+=($!); done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed+=("${wave[$i]}"); done
  [ "${#failed[@]}" = 0 ] || break
done <"$WORK/scripts/waves"

while IFS=$'\t' read -r name start end rc; do
  log "$(printf '%-20s %6ss  exit %s' "$name" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')" "$rc")"
done <"$WORK/timeline.tsv"
log "workflow steps took $(since "$T0")s; logs and timeline in $WORK"
[ "${#failed[@]}" = 0 ] || die "failed: ${failed[*]}"
