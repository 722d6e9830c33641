#!/usr/bin/env bash
# Runs every benchmark and prints each figure as a ratio against a baseline measured in the same
# run. Benchmarks never assert timings: machines are shared and noisy.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash scripts/install.sh
export PATH="$ROOT/node_modules/.bin:$PATH"
(cd functions && npm run --silent build)
(cd functions && npx tsx bench/run-all.ts)
