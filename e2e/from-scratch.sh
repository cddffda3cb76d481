#!/usr/bin/env bash
# Measures the end-to-end run on a machine made to look fresh: stops and purges the stand-ins (teardown --purge),
# uninstalls the packages setup-offline.sh installs, removes docker-buildx, Docker's data, the arm64 binfmt entry,
# and ages the apt lists so that setup refreshes them; then runs run-e2e.sh --teardown.
# DESTRUCTIVE for this machine's Docker: refuses to run without --yes-uninstall.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
[ "${1:-}" = --yes-uninstall ] || die "this uninstalls Docker and removes all its images; pass --yes-uninstall"
T0=$(now)
"$E2E_DIR/teardown-offline.sh" --purge
export DEBIAN_FRONTEND=noninteractive
apt-get purge -y -qq docker.io containerd runc tini qemu-user-static binfmt-support docker-registry apache2-utils \
  >/dev/null 2>&1 || true
apt-get autoremove --purge -y -qq >/dev/null 2>&1 || true
rm -rf /usr/libexec/docker/cli-plugins/docker-buildx /var/lib/docker /var/lib/containerd /etc/docker
[ ! -f /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || echo -1 >/proc/sys/fs/binfmt_misc/qemu-aarch64
touch -d '2 days ago' /var/lib/apt/lists/*_InRelease
log "machine reset to fresh in $(since "$T0")s; now the end-to-end run"
T1=$(now)
"$E2E_DIR/run-e2e.sh" --teardown
log "from scratch, the end-to-end run (setup, workflow, checks, teardown) took $(since "$T1")s"
