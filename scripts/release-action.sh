#!/usr/bin/env bash
# Makes the commit a GitHub Action or pre-commit release points at: the current HEAD plus the
# production bundles in dist/ (which main does not track), on a branch of its own (default
# action-release). The working tree and the index are left alone; nothing is pushed.
#
#   bash scripts/release-action.sh [--branch NAME] [--allow-dirty]
#   git push origin action-release && git tag v0.1.0 action-release && git push origin v0.1.0
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
branch=action-release
allow_dirty=false
while [ $# -gt 0 ]; do
  case "$1" in
    --branch) branch=$2; shift 2 ;;
    --allow-dirty) allow_dirty=true; shift ;;
    *) echo "release-action: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

# The bundles are built from the working tree; they must match the commit they are added to.
if [ "$allow_dirty" != true ] && [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "release-action: the working tree has uncommitted changes; commit them first (or pass --allow-dirty)" >&2
  exit 1
fi

index=$(mktemp)
log=$(mktemp)
trap 'rm -f "$index" "$log"' EXIT
node esbuild.mjs --production >"$log" 2>&1 || { cat "$log" >&2; echo "release-action: the build failed" >&2; exit 1; }

export GIT_INDEX_FILE=$index
git read-tree HEAD
# server.js and cli.js require engine.js; server.js requires language-service.js and yaml.js on
# first use (esbuild.mjs keeps them apart).
for bundle in action.js cli.js server.js engine.js validate-worker.js language-service.js yaml.js; do
  file=dist/$bundle
  [ -f "$file" ] || { echo "release-action: $file was not built" >&2; exit 1; }
  mode=100644
  # The bins start with #!/usr/bin/env node and are installed executable.
  case "$bundle" in cli.js | server.js) mode=100755 ;; esac
  git update-index --add --cacheinfo "$mode,$(git hash-object -w "$file"),$file"
done
tree=$(git write-tree)
unset GIT_INDEX_FILE

version=$(node -p "require('./package.json').version")
head=$(git rev-parse HEAD)
parents=(-p "$head")
if previous=$(git rev-parse --verify --quiet "refs/heads/$branch"); then parents=(-p "$previous" "${parents[@]}"); fi
commit=$(git commit-tree "$tree" "${parents[@]}" -m "Release $version: $(git log -1 --format=%h "$head") with dist/ bundles for the GitHub Action and pre-commit")
git update-ref "refs/heads/$branch" "$commit"
echo "release-action: $branch is now $commit (version $version, from $head)"
echo "Next: git push origin $branch && git tag v$version $branch && git push origin v$version"
