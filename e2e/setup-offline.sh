#!/usr/bin/env bash
# Brings up the offline stand-ins the reference multi-arch workflow needs, on Debian 12 as root, from nothing:
#   - a Docker engine (Debian's docker.io) with BuildKit (docker-buildx taken from Debian 13's package) and arm64
#     emulation (qemu-user-static + binfmt),
#   - a registry answering as ECR for 123456789012.dkr.ecr.us-west-2.amazonaws.com (TLS on 127.0.0.1:443 and plain
#     HTTP on 127.0.0.1:80, in-memory storage, user AWS / password 123456789012-auth-token),
#   - a Docker Hub stand-in on 127.0.0.1:5001 (the engine's registry mirror) serving library/httpd:latest as a
#     manifest list of tiny busybox-based amd64 and arm64 images,
#   - moto_server on 127.0.0.1:5005 for STS and ECR.
# Idempotent: what is installed, written or running already is kept. Everything listens on loopback only.
# --restart-ecr: restart the ECR stand-in, which empties it.
# Writes $GANTRY_E2E_STATE/env (default /var/lib/gantry-e2e/env): the variables a workflow run needs.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_root
RESTART_ECR=0
case ${1:-} in
  --restart-ecr) RESTART_ECR=1 ;; # start the ECR stand-in empty
  "") ;;
  *) die "usage: setup-offline.sh [--restart-ecr]" ;;
esac
export DEBIAN_FRONTEND=noninteractive
mkdir -p "$STATE"/{logs,run,cache,tls,registry/hub,config}

PACKAGES=(docker.io qemu-user-static binfmt-support docker-registry socat apache2-utils openssl ca-certificates curl)
BUILDX=/usr/libexec/docker/cli-plugins/docker-buildx
CA_CRT="$STATE/tls/ecr.crt"
CA_KEY="$STATE/tls/ecr.key"

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || printf '%s ' "$p"
  done
}

install_packages() {
  local missing; missing=$(missing_packages)
  if [ -z "$missing" ]; then log "packages present"; return 0; fi
  log "installing: $missing"
  # The lists may be stale on a fresh machine: refresh them unless that happened within the last hour.
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_InRelease' -mmin -60 -print -quit)" ]; then
    apt-get update -qq
  fi
  # No init system here, but keep package scripts from starting dockerd or a registry on :5000 behind our back.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; own_policy=1; fi
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >"$STATE/logs/apt-install.log" 2>&1 \
    || { [ "$own_policy" = 1 ] && rm -f "$policy"; tail -n 30 "$STATE/logs/apt-install.log" >&2; die "apt-get install failed"; }
  [ "$own_policy" = 1 ] && rm -f "$policy"
  [ -z "$(missing_packages)" ] || die "still missing after install: $(missing_packages)"
}

# apt against Debian 13 ("trixie") with private lists, so nothing from trixie is installed system-wide; used only to
# download docker-buildx (absent from Debian 12) and busybox-static for amd64 and arm64.
trixie_apt() {
  local d="$STATE/cache/apt-trixie"
  apt-get -qq -o Dir::Etc::sourcelist="$d/sources.list" -o Dir::Etc::sourceparts=- \
    -o Dir::State::Lists="$d/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= \
    -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 -o Acquire::Languages=none \
    -o APT::Sandbox::User=root "$@"
}

fetch_debs() {
  local d="$STATE/cache/apt-trixie" want=(docker-buildx busybox-static:amd64 busybox-static:arm64) need=0 p
  for p in "${want[@]}"; do ls "$d"/debs/"${p%%:*}"_*_"$(deb_arch "$p")".deb >/dev/null 2>&1 || need=1; done
  if [ "$need" = 0 ]; then log "cached .debs present"; return 0; fi
  mkdir -p "$d/lists/partial" "$d/debs"
  echo "deb [arch=amd64,arm64] http://deb.debian.org/debian trixie main" >"$d/sources.list"
  trixie_apt update
  (cd "$d/debs" && trixie_apt download "docker-buildx:$(dpkg --print-architecture)" busybox-static:amd64 busybox-static:arm64)
}
deb_arch() { case $1 in *:*) echo "${1#*:}" ;; *) dpkg --print-architecture ;; esac; }

buildx_present() { [ -x "$BUILDX" ] && "$BUILDX" version >/dev/null 2>&1; }

# The trixie downloads do not touch the system's apt state, so they run while the system packages install.
FETCH_PID=
start_fetch_debs() {
  buildx_present && [ -d "$STATE/registry/hub/docker/registry/v2/repositories/library/httpd" ] && return 0
  fetch_debs >"$STATE/logs/fetch-debs.log" 2>&1 &
  FETCH_PID=$!
}
wait_fetch_debs() {
  if [ -n "$FETCH_PID" ]; then
    wait "$FETCH_PID" || { cat "$STATE/logs/fetch-debs.log" >&2; die "downloading from Debian 13 failed"; }
    FETCH_PID=
  fi
  fetch_debs
}

install_buildx() {
  if buildx_present; then log "docker-buildx present: $("$BUILDX" version)"; return 0; fi
  wait_fetch_debs
  local x; x=$(mktemp -d)
  dpkg-deb -x "$(ls "$STATE"/cache/apt-trixie/debs/docker-buildx_*_"$(dpkg --print-architecture)".deb)" "$x"
  install -D -m 0755 "$x/usr/libexec/docker/cli-plugins/docker-buildx" "$BUILDX"
  rm -rf "$x"
  log "installed $("$BUILDX" version)"
}

enable_binfmt() {
  [ -f /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  local entry=/proc/sys/fs/binfmt_misc/qemu-aarch64
  # An entry left by an earlier install whose interpreter is gone (package purged) is replaced.
  if [ -f "$entry" ] && [ ! -e "$(awk '$1 == "interpreter" { print $2 }' "$entry")" ]; then echo -1 >"$entry"; fi
  [ -f "$entry" ] || update-binfmts --enable qemu-aarch64
  grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 || die "binfmt qemu-aarch64 registered but not enabled"
  log "binfmt: qemu-aarch64 $(grep -E '^(enabled|flags)' /proc/sys/fs/binfmt_misc/qemu-aarch64 | tr '\n' ' ')"
}

# The engine: Debian's dockerd, the Docker Hub stand-in as mirror. Extra settings, if this machine needs any, are kept
# in $STATE/config/dockerd-extra.json (found by trying: see start_dockerd).
write_daemon_json() {
  local extra=${1:-}
  mkdir -p /etc/docker
  local want
  want=$(printf '{\n  "registry-mirrors": ["http://%s"],\n  "insecure-registries": ["%s"]%s\n}\n' "$HUB_ADDR" "$HUB_ADDR" "$extra")
  if [ "$(cat /etc/docker/daemon.json 2>/dev/null)" != "$want" ]; then
    printf '%s\n' "$want" >/etc/docker/daemon.json
    return 1 # changed
  fi
}

docker_up() { timeout 5 docker info >/dev/null 2>&1; }

start_dockerd() {
  local extras=(
    ''
    ',\n  "storage-driver": "vfs"'
    ',\n  "storage-driver": "vfs",\n  "iptables": false,\n  "ip-masq": false,\n  "bridge": "none"'
  )
  local saved=""; [ -f "$STATE/config/dockerd-extra" ] && saved=$(cat "$STATE/config/dockerd-extra")
  local changed=0
  write_daemon_json "$(printf '%b' "$saved")" || changed=1
  if docker_up; then
    if [ "$changed" = 0 ]; then log "dockerd already running"; return 0; fi
    pid_alive "$STATE/run/dockerd.pid" \
      || die "a dockerd this script did not start is running and /etc/docker/daemon.json changed; restart it yourself"
    log "daemon.json changed: restarting dockerd"
    stop_service dockerd 30
  fi
  local candidates=() extra c seen
  [ -n "$saved" ] && candidates+=("$saved")
  for extra in "${extras[@]}"; do
    seen=0; for c in "${candidates[@]}"; do [ "$c" = "$extra" ] && seen=1; done
    [ "$seen" = 1 ] || candidates+=("$extra")
  done
  for extra in "${candidates[@]}"; do
    write_daemon_json "$(printf '%b' "$extra")" || true
    spawn dockerd dockerd
    if wait_for 60 docker_up; then
      printf '%s' "$extra" >"$STATE/config/dockerd-extra"
      log "dockerd started (pid $(cat "$STATE/run/dockerd.pid")); settings: $(tr -d '\n ' </etc/docker/daemon.json)"
      return 0
    fi
    log "dockerd did not come up with settings $(tr -d '\n ' </etc/docker/daemon.json); last log lines:"
    tail -n 8 "$STATE/logs/dockerd.log" >&2 || true
    stop_service dockerd 15
  done
  die "dockerd does not start on this machine; see $STATE/logs/dockerd.log"
}

make_ecr_certificate() {
  if [ ! -s "$CA_CRT" ] || ! openssl x509 -in "$CA_CRT" -noout -checkend 86400 >/dev/null 2>&1; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=$ECR_HOST" \
      -addext "subjectAltName=DNS:$ECR_HOST" -addext "basicConstraints=critical,CA:TRUE" \
      -keyout "$CA_KEY" -out "$CA_CRT" 2>/dev/null
    log "made a self-signed certificate for $ECR_HOST"
  fi
  mkdir -p "/etc/docker/certs.d/$ECR_HOST"
  cmp -s "$CA_CRT" "/etc/docker/certs.d/$ECR_HOST/ca.crt" || cp "$CA_CRT" "/etc/docker/certs.d/$ECR_HOST/ca.crt"
  if ! cmp -s "$CA_CRT" /usr/local/share/ca-certificates/gantry-e2e-ecr.crt; then
    cp "$CA_CRT" /usr/local/share/ca-certificates/gantry-e2e-ecr.crt
    update-ca-certificates >/dev/null 2>&1
  fi
  grep -qE "^127\.0\.0\.1[[:space:]]+$ECR_HOST\$" /etc/hosts || echo "127.0.0.1 $ECR_HOST" >>/etc/hosts
  [ -s "$STATE/tls/htpasswd" ] || htpasswd -Bbn "$ECR_USER" "$ECR_PASSWORD" >"$STATE/tls/htpasswd"
}

registry_config() { # NAME ADDR STORAGE(folder | inmemory) [tls] [auth]
  local name=$1 addr=$2 storage=$3 tls=${4:-} auth=${5:-}
  {
    echo "version: 0.1"
    echo "log: {level: warn, formatter: text}"
    echo "storage:"
    if [ "$storage" = inmemory ]; then echo "  inmemory: {}"; else echo "  filesystem: {rootdirectory: $storage}"; fi
    echo "  delete: {enabled: true}"
    echo "http:"
    echo "  addr: $addr"
    echo "  secret: gantry-e2e-$name"
    # Upload locations relative to the request, so a client that came in on the plain-HTTP port stays on it.
    echo "  relativeurls: true"
    if [ -n "$tls" ]; then echo "  tls: {certificate: $CA_CRT, key: $CA_KEY}"; fi
    if [ -n "$auth" ]; then printf 'auth:\n  htpasswd: {realm: gantry-e2e-ecr, path: %s}\n' "$STATE/tls/htpasswd"; fi
  } >"$STATE/config/$name.yml"
}

# The ECR stand-in is ONE registry process with in-memory storage, TLS on 127.0.0.1:443; socat relays plain HTTP
# on 127.0.0.1:80 to it (`docker manifest push` uses port 80 for a loopback host). Not two processes on one folder:
# distribution's filesystem driver rewrites link files in place, and two actions pushing the same layer at the same
# moment (the reference workflow's builds share their COPY layer) then get "500 invalid checksum digest format".
# In memory, a restart (--restart-ecr) empties it.
start_registries() {
  registry_config ecr 127.0.0.1:443 inmemory tls auth
  registry_config hub "$HUB_ADDR" "$STATE/registry/hub"
  start_service registry-ecr 443 docker-registry serve "$STATE/config/ecr.yml"
  start_service registry-ecr-http 80 socat TCP-LISTEN:80,bind=127.0.0.1,reuseaddr,fork \
    "OPENSSL:127.0.0.1:443,cafile=$CA_CRT,commonname=$ECR_HOST"
  start_service registry-hub "${HUB_ADDR##*:}" docker-registry serve "$STATE/config/hub.yml"
  local code scheme
  for scheme in https http; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$scheme://$ECR_HOST/v2/" || true)
    [ "$code" = 401 ] || die "ECR stand-in: $scheme://$ECR_HOST/v2/ answered $code, expected 401"
    code=$(curl -s -o /dev/null -w '%{http_code}' -u "$ECR_USER:$ECR_PASSWORD" "$scheme://$ECR_HOST/v2/" || true)
    [ "$code" = 200 ] || die "ECR stand-in: login on $scheme answered $code, expected 200"
  done
}

hub_has_httpd() {
  curl -sf -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' \
    "http://$HUB_ADDR/v2/library/httpd/manifests/latest" 2>/dev/null \
    | python3 -c 'import json,sys
try: m=json.load(sys.stdin)
except ValueError: sys.exit(1)
a=sorted(p["platform"]["architecture"] for p in m.get("manifests",[])); sys.exit(0 if a==["amd64","arm64"] else 1)'
}

# library/httpd:latest on the Docker Hub stand-in: a manifest list of two tiny images (busybox-static, whose httpd
# applet serves /usr/local/apache2/htdocs like the real httpd image), built FROM scratch for each architecture.
seed_hub() {
  if hub_has_httpd; then log "Docker Hub stand-in already serves library/httpd:latest (amd64 + arm64)"; return 0; fi
  wait_fetch_debs
  local work; work=$(mktemp -d)
  local cfg="$work/docker-config" arch
  mkdir -p "$cfg"
  for arch in amd64 arm64; do
    local x="$work/x-$arch" ctx="$work/ctx-$arch"
    mkdir -p "$x" "$ctx/rootfs/bin" "$ctx/rootfs/tmp" "$ctx/rootfs/usr/local/apache2/htdocs"
    dpkg-deb -x "$(ls "$STATE"/cache/apt-trixie/debs/busybox-static_*_"$arch".deb)" "$x"
    install -m 0755 "$(find "$x" -type f -path '*bin/busybox' | head -n 1)" "$ctx/rootfs/bin/busybox"
    printf '<html><body><h1>It works!</h1></body></html>\n' >"$ctx/rootfs/usr/local/apache2/htdocs/index.html"
    tar --owner=0 --group=0 --numeric-owner -C "$ctx/rootfs" -cf "$ctx/rootfs.tar" .
    cp "$E2E_DIR/fixtures/httpd/Dockerfile" "$ctx/Dockerfile"
    DOCKER_CONFIG="$cfg" docker build -q --platform "linux/$arch" -t "$HUB_ADDR/library/httpd:$arch" "$ctx" >/dev/null
    DOCKER_CONFIG="$cfg" docker push -q "$HUB_ADDR/library/httpd:$arch" >/dev/null
  done
  DOCKER_CONFIG="$cfg" docker manifest create --insecure "$HUB_ADDR/library/httpd:latest" \
    "$HUB_ADDR/library/httpd:amd64" "$HUB_ADDR/library/httpd:arm64" >/dev/null
  DOCKER_CONFIG="$cfg" docker manifest push --insecure --purge "$HUB_ADDR/library/httpd:latest" >/dev/null
  docker rmi "$HUB_ADDR/library/httpd:amd64" "$HUB_ADDR/library/httpd:arm64" >/dev/null 2>&1 || true
  rm -rf "$work"
  hub_has_httpd || die "Docker Hub stand-in does not serve library/httpd:latest as an amd64 + arm64 list"
  log "Docker Hub stand-in serves library/httpd:latest (amd64 + arm64)"
}

start_moto() {
  command -v moto_server >/dev/null || die "moto_server not found on PATH (the machine image provides it)"
  start_service moto "${MOTO_ADDR##*:}" moto_server -H "${MOTO_ADDR%:*}" -p "${MOTO_ADDR##*:}"
}

# moto accepts any key pair (account 123456789012). Not `test`/`test`: runners mask AWS secrets in logs, and `test`
# would turn every `latest` into `la***`.
write_env() {
  cat >"$ENV_FILE.tmp" <<EOF
AWS_ENDPOINT_URL=http://$MOTO_ADDR
AWS_ACCESS_KEY_ID=AKIAGANTRYE2ETEST
AWS_SECRET_ACCESS_KEY=gantry-e2e-secret
AWS_DEFAULT_REGION=$ECR_REGION
AWS_REGION=$ECR_REGION
AWS_PAGER=
DOCKER_BUILDKIT=1
EOF
  mv "$ENV_FILE.tmp" "$ENV_FILE"
  log "wrote $ENV_FILE"
}

check_emulation() {
  local m
  m=$(docker run --rm --network none --platform linux/arm64 "$HUB_ADDR/library/httpd:latest" uname -m 2>"$STATE/logs/emulation-check.log") || true
  [ "$m" = aarch64 ] || die "an arm64 container does not run under emulation (uname -m said: $m)"
  log "arm64 containers run under emulation (uname -m: $m)"
}

T0=$(now)
# Stand-ins of an earlier layout of this script (two ECR registries on one folder).
stop_service registry-ecr-tls
if [ "$RESTART_ECR" = 1 ]; then stop_service registry-ecr 10; fi
start_fetch_debs
phase packages install_packages
phase buildx install_buildx
phase binfmt enable_binfmt
phase dockerd start_dockerd
phase certificate make_ecr_certificate
phase registries start_registries
phase hub-httpd seed_hub
phase emulation-check check_emulation
phase moto start_moto
phase env-file write_env
print_phases "setup-offline" "$(since "$T0")"
