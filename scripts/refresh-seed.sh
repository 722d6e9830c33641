#!/usr/bin/env bash
# Regenerates emulator-data/ (the demo's seed) from functions/tools/demo/seed.ts.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash scripts/install.sh
export PATH="$ROOT/node_modules/.bin:$PATH"
source scripts/emulator-env.sh
[ "$EMULATOR_SUITE_READY" = 1 ] || { echo "no Firestore emulator: $EMULATOR_SUITE_MISSING_REASON"; exit 1; }
rm -rf emulator-data
firebase emulators:exec --project demo-creator-bounty --only firestore,auth \
  --export-on-exit=emulator-data "cd functions && npx tsx tools/demo/seed.ts"
