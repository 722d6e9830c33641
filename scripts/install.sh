#!/usr/bin/env bash
# Installs the root tooling (firebase-tools, Node 24) and the functions package from their
# lockfiles. Skips a package whose lockfile has not changed since its last install.
set -euo pipefail
cd "$(dirname "$0")/.."

install_package() {
  local dir="$1" stamp="$1/node_modules/.install-stamp" wanted
  wanted="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
    return
  fi
  echo "install: npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$wanted" >"$stamp"
}

install_package .
install_package functions
