#!/usr/bin/env bash
# The reference workflow end to end, offline: brings up the stand-ins (setup-offline.sh), runs
# examples/hello-world-multiarch's workflow, and asserts the multi-arch image it published; then (gantry mode) runs
# examples/deploy-static-site against the moto stand-in and asserts its bucket's objects. Prints per-phase and total
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

# gantry_run LOG ARGS...: `./gantry run ARGS` from the checkout, with the stand-ins' variables given to every step
# (one --env per line of the env file) and put into gantry's own environment as well (the AWS SDK's default chain
# takes the base credentials from there); the console goes to LOG too. Returns gantry's exit code.
gantry_run() {
  local out=$1; shift
  local args=() line rc=0
  while IFS= read -r line; do [ -n "$line" ] && args+=(--env "$line"); done <"$ENV_FILE"
  (
    cd "$REPO_DIR"
    set -a
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    set +a
    exec ./gantry run "${args[@]}" "$@" </dev/null
  ) 2>&1 | tee "$out" || rc=$? # pipefail: gantry's exit code
  return "$rc"
}

# The run's folder, from the console's last line "... logs: <path to .gantry/runs/<run-id>>" in LOG; empty if none.
run_folder() {
  local dir
  dir=$(sed -n 's/.* logs: \(.*\)$/\1/p' "$1" | tail -n 1)
  if [ -n "$dir" ]; then
    case $dir in /*) ;; *) dir="$REPO_DIR/$dir" ;; esac
  fi
  echo "$dir"
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
      # e2e/gantry-e2e.yaml maps `demo` (base credentials from gantry's environment). A DOCKER_CONFIG of this run's
      # own keeps `docker login`/`docker manifest` state out of ~/.docker.
      local args=(--env "DOCKER_CONFIG=$WORK/docker-config")
      [ -z "$GANTRY_CONFIG" ] || args+=(--config "$GANTRY_CONFIG")
      mkdir -p "$WORK/docker-config"
      local rc=0
      DOCKER_CONFIG="$WORK/docker-config" gantry_run "$WORK/gantry-run.log" "${args[@]}" "$WORKFLOW" || rc=$?
      local dir
      dir=$(run_folder "$WORK/gantry-run.log")
      if [ -n "$dir" ]; then
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

# The deploy example (examples/deploy-static-site: build, cfn-deploy, s3-publish, a check step with the AWS CLI)
# through `./gantry run` against the moto stand-in, as its README runs it: its `demo` environment is not mapped, so
# the actions use the env file's variables. moto keeps its state between runs, so its stack and bucket are removed
# first: what assert_deploy finds afterwards is this run's. Each function ends in one exit status (lenient_phase).
DEPLOY_WORKFLOW="$REPO_DIR/examples/deploy-static-site/.codecatalyst/workflows/deploy.yaml"
DEPLOY_BUCKET=gantry-static-site-demo
DEPLOY_STACK=gantry-static-site
DEPLOY_STARTED=
aws_e2e() { (set -a; . "$ENV_FILE"; set +a; exec aws "$@" </dev/null); }
run_deploy() {
  # emptied first: the stack deletes its bucket only when empty (and moto's DeleteStack fails if it is gone)
  if aws_e2e s3api head-bucket --bucket "$DEPLOY_BUCKET" >/dev/null 2>&1; then
    aws_e2e s3 rm --recursive --quiet "s3://$DEPLOY_BUCKET" || return 1
  fi
  if aws_e2e cloudformation describe-stacks --stack-name "$DEPLOY_STACK" >/dev/null 2>&1; then
    aws_e2e cloudformation delete-stack --stack-name "$DEPLOY_STACK" || return 1
    aws_e2e cloudformation wait stack-delete-complete --stack-name "$DEPLOY_STACK" || return 1
  fi
  if aws_e2e s3api head-bucket --bucket "$DEPLOY_BUCKET" >/dev/null 2>&1; then
    aws_e2e s3 rb "s3://$DEPLOY_BUCKET" >/dev/null || return 1
  fi
  DEPLOY_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  gantry_run "$WORK/gantry-deploy.log" "$DEPLOY_WORKFLOW"
}
assert_deploy() {
  local passed=0 failed=0 listing page built type status
  # (bash scoping: these count into this function's locals)
  pass() { echo "PASS: $1"; passed=$((passed + 1)); }
  fail() { echo "FAIL: $1"; failed=$((failed + 1)); }
  listing=$(aws_e2e s3 ls --recursive "s3://$DEPLOY_BUCKET/" 2>&1 || true)
  if grep -qE ' web/index\.html$' <<<"$listing"; then
    pass "s3://$DEPLOY_BUCKET holds web/index.html"
  else
    fail "s3://$DEPLOY_BUCKET holds web/index.html (aws s3 ls: ${listing:-empty})"
  fi
  [ "$(grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2} ' <<<"$listing")" = 1 ] && pass "it holds nothing else" \
    || fail "it holds exactly the site's one file (aws s3 ls: ${listing:-empty})"
  page=$(aws_e2e s3 cp "s3://$DEPLOY_BUCKET/web/index.html" - 2>&1 || true)
  # the Build action appended "<p>built <UTC time></p>" to the page: no earlier than this run's start
  built=$(sed -n 's|^<p>built \([0-9TZ:-]*\)</p>$|\1|p' <<<"$page")
  if grep -q 'Deployed by Gantry' <<<"$page" && [ -n "$built" ] && [[ ! "$built" < "${DEPLOY_STARTED:-}" ]]; then
    pass "the object is the page this run built (at $built, the run started at $DEPLOY_STARTED)"
  else
    fail "the object is the page this run built, at or after $DEPLOY_STARTED (got: $(head -c 200 <<<"$page"))"
  fi
  type=$(aws_e2e s3api head-object --bucket "$DEPLOY_BUCKET" --key web/index.html --query ContentType --output text \
    2>&1 || true)
  [ "$type" = text/html ] && pass "its content type is text/html" || fail "its content type is text/html (got: $type)"
  status=$(aws_e2e cloudformation describe-stacks --stack-name "$DEPLOY_STACK" --query 'Stacks[0].StackStatus' \
    --output text 2>&1 || true)
  [ "$status" = CREATE_COMPLETE ] && pass "stack $DEPLOY_STACK is CREATE_COMPLETE" \
    || fail "stack $DEPLOY_STACK is CREATE_COMPLETE (got: $status)"
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
}

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
if [ "$RUNNER" = gantry ]; then
  if check_phase deploy-example run_deploy; then
    check_phase assert-deploy checked assert_deploy
  fi
fi
[ "${#CHECKS_FAILED[@]}" = 0 ] || die "failed checks: ${CHECKS_FAILED[*]}"
RESULT=0
