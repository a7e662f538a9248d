#!/usr/bin/env bash
# Sets up a Debian or Ubuntu machine (x64) to build and test Port Zero: the
# system packages the tests need, then `npm ci`. Run it as yourself (it uses
# sudo for apt-get when not root) or as root, as CI does; with nothing
# missing it installs nothing. Node comes first and is not installed here:
# Debian 12's apt has Node 18, and eslint 10 and mocha 12 need 20.19 or later
# (package.json's engines.node; .nvmrc names the version CI uses, for nvm).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium drives the code-server workbench; libkrb5-dev, python3, make and
# g++ build code-server's native modules; ripgrep stands in for the one the
# floor host's code-server would download; iproute2 (ss), net-tools (netstat)
# and procps (ps) are what the socket tests compare with; openssl makes the
# https fixtures' self-signed certificates; docker.io, busybox-static and
# iptables run the container tests (file tells docker-engine.sh a static busybox).
packages=(chromium libkrb5-dev python3 make g++ ripgrep iproute2 net-tools procps openssl docker.io busybox-static iptables file)

# The same ranges as engines.node in package.json.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a >= 24 || (a === 22 && b >= 13) || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "setup-debian: Port Zero needs Node 20.19+, 22.13+ or 24+ (found: $(node --version 2>/dev/null || echo none)); with nvm: nvm install" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup-debian: installing ${missing[*]}"
  as_root=(); [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

npm ci --no-audit --no-fund
