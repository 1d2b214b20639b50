#!/usr/bin/env bash
# `npm run test:fresh`: the whole suite as a newcomer's machine runs it. The E2E rig is installed
# from scratch into a new temporary folder, with an empty npm cache, so a warm cache cannot hide
# an install bug. The folder is removed afterwards unless KEEP_FRESH_RIG=1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fresh=$(mktemp -d "${TMPDIR:-/tmp}/go-dockerfile-fresh-rig.XXXXXX")
cleanup() {
  if [ "${KEEP_FRESH_RIG:-0}" != 1 ]; then rm -rf "$fresh"; else echo "test:fresh: rig kept in $fresh"; fi
  # Point .e2e back at the usual cache for the next plain `npm test`.
  if [ -L "$root/.e2e" ]; then rm -f "$root/.e2e"; fi
}
trap cleanup EXIT
echo "test:fresh: the E2E rig goes into $fresh (empty npm cache); npm test installs it"
start=$(date +%s)
cd "$root"
rm -f .e2e
# Exactly what a newcomer runs: npm test, whose test:e2e installs the rig under npm's environment.
GO_DOCKERFILE_E2E_CACHE="$fresh/rig" GO_DOCKERFILE_RIG_NPM_CACHE="$fresh/npm-cache" npm test
echo "test:fresh: whole run took $(( $(date +%s) - start )) s"
