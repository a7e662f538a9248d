#!/usr/bin/env bash
# A Docker engine for the container tests, offline (see /work/shared/test-host.md, "Containers"):
#   docker-engine.sh start DIR   starts dockerd unless one already answers on DOCKER_HOST or
#                                /var/run/docker.sock (vfs storage, data and exec roots in DIR),
#                                builds the busybox image port-zero-busybox from busybox-static,
#                                and prints `export DOCKER_HOST=…` for the engine to use (and
#                                `export PORT_ZERO_TEST_DOCKER_DIR=DIR` when it started that engine: a
#                                test may then stop it, and start it again with this script).
#   docker-engine.sh stop DIR    stops the engine `start` started (none if it found one running).
# Exit 2 from start: no engine can run here (not root, no dockerd); the reason is on stderr.
set -euo pipefail
cmd=${1:?start or stop}; dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
sock="$dir/docker.sock"; pidfile="$dir/dockerd.pid"
IMAGE=port-zero-busybox

if [ "$cmd" = stop ]; then
  [ -f "$pidfile" ] || exit 0
  pid=$(cat "$pidfile")
  DOCKER_HOST="unix://$sock" docker ps -q 2>/dev/null | xargs -r env DOCKER_HOST="unix://$sock" docker rm -f >/dev/null 2>&1 || true
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
  exit 0
fi

answers() { DOCKER_HOST="$1" timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
host=""
for candidate in ${DOCKER_HOST:-} unix:///var/run/docker.sock "unix://$sock"; do
  if answers "$candidate"; then host=$candidate; break; fi
done
if [ -z "$host" ]; then
  command -v dockerd >/dev/null || { echo "docker-engine: no dockerd on PATH (apt-get install docker.io)" >&2; exit 2; }
  [ "$(id -u)" -eq 0 ] || { echo "docker-engine: dockerd needs root here (rootless Docker is not set up)" >&2; exit 2; }
  dockerd --storage-driver=vfs --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$pidfile" \
    -H "unix://$sock" >"$dir/dockerd.log" 2>&1 &
  host="unix://$sock"
  for _ in $(seq 300); do answers "$host" && break; sleep 0.1; done
  answers "$host" || { echo "docker-engine: dockerd did not answer within 30 s (log: $dir/dockerd.log):" >&2; tail -5 "$dir/dockerd.log" >&2; exit 2; }
fi
if ! DOCKER_HOST=$host docker image inspect "$IMAGE" >/dev/null 2>&1; then
  busybox=$(command -v busybox || true)
  [ -n "$busybox" ] && file -L "$busybox" 2>/dev/null | grep -q 'statically linked' || busybox=/bin/busybox
  root=$(mktemp -d); mkdir -p "$root/bin" "$root/www"
  cp "$busybox" "$root/bin/busybox"
  for tool in sh httpd sleep; do ln -s busybox "$root/bin/$tool"; done
  echo '<h1>Port Zero container fixture</h1>' >"$root/www/index.html"
  tar -C "$root" -c . | DOCKER_HOST=$host docker import - "$IMAGE:latest" >/dev/null
  rm -rf "$root"
fi
echo "export DOCKER_HOST=$host"
[ "$host" != "unix://$sock" ] || echo "export PORT_ZERO_TEST_DOCKER_DIR=$dir"
