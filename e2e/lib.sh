# Shared by the e2e scripts: paths, logging, phase timing, background services. Source it; do not run it.
# shellcheck shell=bash

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$E2E_DIR/.." && pwd)"
# Services are machine-wide (fixed loopback ports, /etc/hosts, one dockerd), so their state is too: every checkout
# of the project on this machine sees the same stand-ins.
STATE="${GANTRY_E2E_STATE:-/var/lib/gantry-e2e}"
ENV_FILE="$STATE/env"

ECR_ACCOUNT=123456789012
ECR_REGION=us-west-2
ECR_HOST="$ECR_ACCOUNT.dkr.ecr.$ECR_REGION.amazonaws.com"
ECR_USER=AWS
ECR_PASSWORD="$ECR_ACCOUNT-auth-token"
HUB_ADDR=127.0.0.1:5001
MOTO_ADDR=127.0.0.1:5005

# moto_server, aws and the python3 that has PyYAML come with the machine's pyenv; be sure its shims are on PATH.
if ! command -v moto_server >/dev/null 2>&1 && [ -d "${HOME:-/root}/.pyenv/shims" ]; then
  PATH="${HOME:-/root}/.pyenv/shims:$PATH"
fi

log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Phase timing: `phase NAME command args...` runs the command, records and prints how long it took. Under `set -e`
# a failing command ends the script inside the phase (PHASE_NOW then names it for print_phases).
PHASES=()
PHASE_NOW=
phase() {
  local name=$1; shift
  local t0; t0=$(now)
  PHASE_NOW=$name
  log "-- $name"
  "$@"
  record_phase "$name" "$t0" 0
}
# `lenient_phase NAME command args...`: the same for a command whose failure must not end the script (checks); it
# returns the command's status. The command runs with errexit off, so give it a single command, not a function
# that relies on `set -e`.
lenient_phase() {
  local name=$1; shift
  local t0 rc=0; t0=$(now)
  PHASE_NOW=$name
  log "-- $name"
  "$@" || rc=$?
  record_phase "$name" "$t0" "$rc"
  return "$rc"
}
record_phase() {
  local dt; dt=$(since "$2")
  PHASES+=("$1|$dt$([ "$3" = 0 ] || echo " (exit $3)")")
  log "-- $1: ${dt}s$([ "$3" = 0 ] || echo ", exit $3")"
  PHASE_NOW=
}
print_phases() {
  local title=$1 total=$2 p
  printf '%s timings (seconds):\n' "$title" >&2
  for p in "${PHASES[@]}"; do printf '  %-24s %s\n' "${p%%|*}" "${p#*|}" >&2; done
  [ -z "$PHASE_NOW" ] || printf '  %-24s %s\n' "$PHASE_NOW" "FAILED" >&2
  printf '  %-24s %s\n' total "$total" >&2
}

require_root() { [ "$(id -u)" = 0 ] || die "must run as root (installs packages, binds ports 80/443, runs dockerd)"; }

# True when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True when the pid file names a live process whose command line still holds the program recorded beside it
# (NAME.pid, NAME.prog): a pid file left by a process that died long ago, whose pid now belongs to something
# else, does not count.
pid_alive() {
  local pidf=$1 prog="${1%.pid}.prog" pid
  [ -f "$pidf" ] || return 1
  pid=$(cat "$pidf")
  kill -0 "$pid" 2>/dev/null || return 1
  [ ! -f "$prog" ] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(cat "$prog")"
}

# spawn NAME COMMAND...: starts COMMAND detached from this script (own session, stdin closed, output in
# $STATE/logs/NAME.log) and records its pid and program name for pid_alive/stop_service.
spawn() {
  local name=$1; shift
  basename "$1" >"$STATE/run/$name.prog"
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 </dev/null 9>&- &
  echo $! >"$STATE/run/$name.pid"
}

# Waits up to SECONDS for a command to succeed.
wait_for() {
  local seconds=$1; shift
  local end=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.2
  done
}

# start_service NAME PORT COMMAND...: runs COMMAND detached (own session, log in $STATE/logs/NAME.log, pid in
# $STATE/run/NAME.pid) unless it is already running; waits until PORT accepts connections.
start_service() {
  local name=$1 port=$2; shift 2
  local pidf="$STATE/run/$name.pid" logf="$STATE/logs/$name.log"
  if pid_alive "$pidf" && [ "$(cat "$STATE/run/$name.prog" 2>/dev/null)" != "$(basename "$1")" ]; then
    log "$name runs another program than $(basename "$1") (an earlier layout of these scripts): replacing it"
    stop_service "$name"
  fi
  if pid_alive "$pidf"; then
    port_open "$port" || wait_for 20 port_open "$port" || die "$name (pid $(cat "$pidf")) runs but port $port is closed; see $logf"
    log "$name already running (pid $(cat "$pidf"))"
    return 0
  fi
  port_open "$port" && die "port $port is taken by a process this script did not start; stop it or run teardown-offline.sh"
  spawn "$name" "$@"
  if ! wait_for 30 port_open "$port"; then
    tail -n 20 "$logf" >&2 || true
    die "$name did not open port $port within 30s; see $logf"
  fi
  log "$name started (pid $(cat "$pidf")), listening on 127.0.0.1:$port"
}

# stop_service NAME: ends the process named by its pid file (TERM, then KILL after SECONDS) and removes the file.
stop_service() {
  local name=$1 seconds=${2:-15}
  local pidf="$STATE/run/$name.pid"
  if pid_alive "$pidf"; then
    local pid; pid=$(cat "$pidf")
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_for "$seconds" bash -c "! kill -0 $pid"; then
      log "$name (pid $pid) ignored TERM for ${seconds}s; killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pidf" "${pidf%.pid}.prog"
}
