#!/usr/bin/env bash
# Installs the root tooling (firebase-tools, Node 24) and the functions package from their
# lockfiles. Skips a package whose lockfile has not changed since its last install.
set -euo pipefail
cd "$(dirname "$0")/.."

install_package() {
  local dir="$1" stamp="$1/node_modules/.install-stamp" wanted
  shift
  wanted="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return
  fi
  echo "install: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error "$@")
  echo "$wanted" >"$stamp"
}

# The root holds only tooling. Its optional dependencies are native speed-ups of firebase-tools
# (re2) that would compile from source here for minutes and that nothing in the project needs.
install_package . --omit=optional
install_package functions
