#!/usr/bin/env bash
# Stops what setup-offline.sh started: moto_server, the registries (and socat) and dockerd (only processes it
# started itself, found by their pid files in $GANTRY_E2E_STATE/run). Packages stay installed.
# With --purge it also removes what setup wrote: the state folder (registry storage, certificate, logs, env file),
# the /etc/hosts line, the certificate in docker's and the system's stores, and /etc/docker/daemon.json.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
PURGE=0
case ${1:-} in --purge) PURGE=1 ;; "") ;; *) die "usage: teardown-offline.sh [--purge]" ;; esac
T0=$(now)
for s in moto registry-hub registry-ecr-http registry-ecr registry-ecr-tls; do stop_service "$s" & done
wait
# dockerd stops its containers and its containerd on TERM; give it time.
stop_service dockerd 30
if [ "$PURGE" = 1 ]; then
  sed -i "/^127\.0\.0\.1[[:space:]]\+$ECR_HOST\$/d" /etc/hosts
  rm -rf "/etc/docker/certs.d/$ECR_HOST" /etc/docker/daemon.json
  if [ -f /usr/local/share/ca-certificates/gantry-e2e-ecr.crt ]; then
    rm -f /usr/local/share/ca-certificates/gantry-e2e-ecr.crt
    update-ca-certificates --fresh >/dev/null 2>&1
  fi
  rm -rf "$STATE"
  log "purged $STATE and the files setup wrote"
fi
log "teardown took $(since "$T0")s"
