#!/usr/bin/env bash
# The reference workflow end to end, offline: brings up the stand-ins (setup-offline.sh), runs
# examples/hello-world-multiarch's workflow, and asserts the multi-arch image it published. Prints per-phase and total
# timings; exits non-zero if anything failed. Usable from CI (root, no stdin, CI=true).
#
# Usage: run-e2e.sh [--teardown|--keep]
#   --teardown  stop the stand-ins afterwards (default when CI=true)
#   --keep      leave them running for the next run (default otherwise)
# Environment: GANTRY_E2E_STATE (default /var/lib/gantry-e2e); GANTRY_E2E_RUNNER=gantry (default: `./gantry run` on
# the unmodified workflow) or harness (multiarch-steps.sh, the plain-bash stand-in); GANTRY_E2E_CONFIG: the
# --config for gantry run (default e2e/gantry-e2e.yaml, which maps the workflow's `demo` environment to moto; empty:
# none, and then the identity check fails, as the actions use the caller's keys); GANTRY_E2E_KEEP_WORK=1 keeps the
# run's work folder (logs, timeline) after a pass too.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEARDOWN=0
[ "${CI:-}" = true ] && TEARDOWN=1
for arg in "$@"; do
  case $arg in
    --teardown) TEARDOWN=1 ;;
    --keep) TEARDOWN=0 ;;
    *) die "unknown argument: $arg (usage: run-e2e.sh [--teardown|--keep])" ;;
  esac
done
RUNNER=${GANTRY_E2E_RUNNER:-gantry}
GANTRY_CONFIG=${GANTRY_E2E_CONFIG-$E2E_DIR/gantry-e2e.yaml}
WORKFLOW="$REPO_DIR/examples/hello-world-multiarch/.codecatalyst/workflows/multiarch.yaml"
WORK=$(mktemp -d /tmp/gantry-e2e.XXXXXX)
RESULT=1
T0=$(now)
finish() {
  local rc=$?
  [ "$RESULT" = 0 ] && rc=0
  print_phases "run-e2e ($RUNNER)" "$(since "$T0")"
  if [ "$TEARDOWN" = 1 ]; then "$E2E_DIR/teardown-offline.sh" || true; fi
  if [ "$rc" = 0 ]; then log "end-to-end: PASSED"; else log "end-to-end: FAILED (logs in $WORK and $STATE/logs)"; fi
  # One closing line for CI over all assertion scripts' counts (a failure before the assertions counts as one).
  local passed failed
  passed=$(awk '/^[0-9]+ passed, [0-9]+ failed$/ { s += $1 } END { print s + 0 }' "$WORK/checks.txt" 2>/dev/null || echo 0)
  failed=$(awk '/^[0-9]+ passed, [0-9]+ failed$/ { s += $3 } END { print s + 0 }' "$WORK/checks.txt" 2>/dev/null || echo 0)
  [ "$rc" != 0 ] && [ "$failed" = 0 ] && failed=1
  # A passed run's folder (logs, its Docker client config with the stand-in's login) is not kept.
  [ "$rc" != 0 ] || [ -n "${GANTRY_E2E_KEEP_WORK:-}" ] || rm -rf "$WORK"
  echo "e2e: $passed passed, $failed failed"
  exit "$rc"
}
trap finish EXIT

# Setup, with an empty ECR stand-in (in-memory; restarted), so everything asserted below was produced by this run.
setup() { "$E2E_DIR/setup-offline.sh" --restart-ecr; }

# No local hello-world images either, so the builds and pushes are this run's own.
reset() {
  local images
  images=$(docker images -q --filter "reference=$ECR_HOST/hello-world" | sort -u)
  # shellcheck disable=SC2086
  [ -z "$images" ] || docker rmi -f $images >/dev/null
  # `docker manifest create` refuses to overwrite a list kept by the client from an earlier run.
  rm -rf "${DOCKER_CONFIG:-${HOME:-/root}/.docker}/manifests/${ECR_HOST}_hello-world"*
}

# The launcher builds the jar when sources changed; do it as a phase of its own so the workflow's time is its own.
build_gantry() {
  if ! (cd "$REPO_DIR" && ./gantry --version) >&2; then
    tail -n 30 "$REPO_DIR/.gantry-build.log" >&2 2>/dev/null || true
    die "building gantry failed"
  fi
}

RUN_RECORD=
RUN_LOGS=
run_workflow() {
  case $RUNNER in
    harness)
      GANTRY_E2E_WORK="$WORK/harness" "$E2E_DIR/multiarch-steps.sh" "$WORKFLOW"
      RUN_RECORD="$WORK/harness/timeline.tsv"
      RUN_LOGS="$WORK/harness/logs"
      ;;
    gantry)
      # The stand-ins' variables go to every step with --env, and into gantry's own environment as well (the AWS
      # SDK's default chain takes the base credentials from there when e2e/gantry-e2e.yaml maps `demo`). A
      # DOCKER_CONFIG of this run's own keeps `docker login`/`docker manifest` state out of ~/.docker.
      local args=() line
      while IFS= read -r line; do [ -n "$line" ] && args+=(--env "$line"); done <"$ENV_FILE"
      args+=(--env "DOCKER_CONFIG=$WORK/docker-config")
      [ -z "$GANTRY_CONFIG" ] || args+=(--config "$GANTRY_CONFIG")
      mkdir -p "$WORK/docker-config"
      local rc=0
      (
        cd "$REPO_DIR"
        set -a
        # shellcheck disable=SC1090
        . "$ENV_FILE"
        set +a
        export DOCKER_CONFIG="$WORK/docker-config"
        exec ./gantry run "${args[@]}" "$WORKFLOW" </dev/null
      ) 2>&1 | tee "$WORK/gantry-run.log" || rc=$? # pipefail: gantry's exit code
      # The console's last line names the run's folder: "... logs: <path to .gantry/runs/<run-id>>".
      local dir
      dir=$(sed -n 's/.* logs: \(.*\)$/\1/p' "$WORK/gantry-run.log" | tail -n 1)
      if [ -n "$dir" ]; then
        case $dir in /*) ;; *) dir="$REPO_DIR/$dir" ;; esac
        RUN_RECORD="$dir/run.json"
        RUN_LOGS="$dir/logs"
      else
        RUN_RECORD="$(dirname "$(dirname "$(dirname "$WORKFLOW")")")/.gantry/runs"
      fi
      [ "$rc" = 0 ] || die "gantry run exited with $rc"
      ;;
    *) die "GANTRY_E2E_RUNNER must be harness or gantry, not $RUNNER" ;;
  esac
}

# The assertion scripts' output is also kept in $WORK/checks.txt, for the closing count.
checked() { "$@" | tee -a "$WORK/checks.txt"; return "${PIPESTATUS[0]}"; }

# Ties the registry's state to this run: the list must be the one its manifest action pushed, made of the images
# its build actions pushed (digests read from their logs), or another run on the machine interfered.
assert_images() {
  local args=() digest arch
  if [ -n "$RUN_LOGS" ]; then
    digest=$(grep -ohE '^sha256:[0-9a-f]{64}$' "$RUN_LOGS/docker_manifest.log" 2>/dev/null | tail -n 1 || true)
    [ -z "$digest" ] || args+=(--expect-digest "$digest")
    for arch in amd64 arm64; do
      digest=$(sed -nE 's/.*: digest: (sha256:[0-9a-f]{64}) size: .*/\1/p' "$RUN_LOGS/docker_build_$arch.log" 2>/dev/null \
        | tail -n 1 || true)
      [ -z "$digest" ] || args+=(--expect-entry "$arch=$digest")
    done
  fi
  checked "$E2E_DIR/assert-multiarch.sh" "${args[@]}"
}

assert_parallel() {
  checked python3 "$E2E_DIR/assert_overlap.py" "$RUN_RECORD" docker_build_amd64 docker_build_arm64
}

# gantry mode, with e2e/gantry-e2e.yaml mapping `demo`: every action acted as the role its Connection names,
# assumed through STS (issue 5), not as the caller's own keys.
assert_identity() {
  local action passed=0 failed=0 role=CodeCatalystPreviewDevelopmentAdministrator
  for action in docker_build_amd64 docker_build_arm64 docker_manifest; do
    if grep -q "acting as arn:aws:sts::$ECR_ACCOUNT:assumed-role/$role/" "$RUN_LOGS/$action.log" 2>/dev/null; then
      echo "PASS: $action acted as the assumed role $role"; passed=$((passed + 1))
    else
      echo "FAIL: $action acted as the assumed role $role ($(grep -m1 'gantry: environment' "$RUN_LOGS/$action.log" 2>/dev/null || echo 'no identity line in its log'))"
      failed=$((failed + 1))
    fi
  done
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}

selftest() { checked python3 "$E2E_DIR/assert_selftest.py"; }

# One end-to-end run at a time on a machine: the stand-ins and the hello-world repository are shared.
mkdir -p "$STATE"
exec 9>"$STATE/run-e2e.lock"
if ! flock -n 9; then
  log "another run-e2e.sh holds $STATE/run-e2e.lock; waiting (up to 20 minutes)"
  flock -w 1200 9 || die "gave up waiting for $STATE/run-e2e.lock"
fi

T0=$(now) # the lock wait does not count
phase setup setup
phase reset reset
[ "$RUNNER" = gantry ] && phase build-gantry build_gantry
phase workflow run_workflow
# Every check runs even when an earlier one failed, so one run tells everything that is wrong.
CHECKS_FAILED=()
check_phase() { lenient_phase "$@" || CHECKS_FAILED+=("$1"); }
check_phase assert-images assert_images
check_phase assert-parallel assert_parallel
[ "$RUNNER" != gantry ] || check_phase assert-identity checked assert_identity
check_phase assert-selftest selftest
[ "${#CHECKS_FAILED[@]}" = 0 ] || die "failed checks: ${CHECKS_FAILED[*]}"
RESULT=0
