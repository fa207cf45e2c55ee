#!/bin/sh
# Runs a command with Node >= 22.12 (with TypeScript type stripping) first on PATH and node_modules
# installed from package-lock.json. npm scripts go through here, so `npm test` works even when the
# npm that started it runs on an older Node:  sh scripts/bootstrap.sh <command> [args…]
set -eu

say() { printf 'synthorg: %s\n' "$*" >&2; }

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${SYNTHORG_CACHE:-${HOME:-/tmp}/.cache/synthorg}
node_home=$cache/node22

# vitest 5 and the AI SDK need 22.12; the project runs .ts files directly, which needs type
# stripping on by default (Node 22.18+, 23.6+), so ask the runtime rather than parse versions.
node_is_new_enough() {
  "$1" -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit((major > 22 || (major === 22 && minor >= 12)) && process.features.typescript ? 0 : 1);
  ' >/dev/null 2>&1
}

if command -v node >/dev/null 2>&1 && node_is_new_enough node; then
  :
elif [ -x "$node_home/node_modules/node/bin/node" ] && node_is_new_enough "$node_home/node_modules/node/bin/node"; then
  PATH=$node_home/node_modules/node/bin:$PATH
else
  if ! command -v npm >/dev/null 2>&1; then
    say "Node 22 is needed and npm is not available to install it; install Node.js >= 22.12 (https://nodejs.org)"
    exit 1
  fi
  say "installing Node 22 into $node_home …"
  mkdir -p "$cache"
  # Install beside the target and rename, so a concurrent run never sees a half-installed Node.
  staging=$(mktemp -d "$cache/node22.install.XXXXXX")
  trap 'rm -rf "$staging"' EXIT
  npm install --prefix "$staging" node@22 --no-audit --no-fund --loglevel=error >&2
  if ! node_is_new_enough "$staging/node_modules/node/bin/node"; then
    say "the node@22 package from npm did not give a working Node >= 22.12 with type stripping"
    exit 1
  fi
  if [ -e "$node_home" ]; then
    # An unusable earlier install (interrupted, or too old): set it aside.
    mv "$node_home" "$node_home.old.$$" && rm -rf "$node_home.old.$$"
  fi
  # mv onto an existing folder would nest inside it; if another run won the race, keep its copy.
  [ -e "$node_home" ] || mv "$staging" "$node_home"
  rm -rf "$staging" "$node_home/$(basename "$staging")"
  trap - EXIT
  PATH=$node_home/node_modules/node/bin:$PATH
  say "using $(node --version) from $node_home"
fi
export PATH

lock_hash() {
  node -e 'process.stdout.write(require("node:crypto").createHash("sha256").update(require("node:fs").readFileSync(process.argv[1])).digest("hex"))' "$root/package-lock.json"
}

stamp=$root/node_modules/.synthorg-lock-sha256
wanted=$(lock_hash)
reason=""
if [ ! -d "$root/node_modules" ]; then
  reason="node_modules is missing"
elif [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  :
elif [ -f "$root/node_modules/.package-lock.json" ] && ! [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
  # A plain `npm install`/`npm ci` wrote node_modules after the lock last changed: adopt it.
  printf '%s' "$wanted" >"$stamp"
elif [ -f "$stamp" ]; then
  reason="package-lock.json changed"
else
  reason="node_modules was not installed from this package-lock.json"
fi
if [ -n "$reason" ]; then
  say "$reason; running npm ci …"
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >&2)
  printf '%s' "$wanted" >"$stamp"
fi

PATH=$root/node_modules/.bin:$PATH
export PATH
exec "$@"
