#!/usr/bin/env bash
# Runs every benchmark and prints each figure as a ratio against a baseline measured in the same
# run: cold start (no emulator), then per-task overhead, sweep scaling, queueStatus scaling and
# enqueue fan-out inside the emulator suite. Benchmarks never assert timings: machines are shared
# and noisy. The emulators' own log goes to .cache/bench-emulators.log.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash scripts/install.sh || exit 1
export PATH="$ROOT/node_modules/.bin:$PATH"
(cd functions && npm run --silent build) || exit 1

source scripts/emulator-env.sh
if [ "$EMULATOR_SUITE_READY" != 1 ]; then
  echo "bench: emulator benchmarks cannot run: $EMULATOR_SUITE_MISSING_REASON"
  (cd functions && npx tsx bench/cold-start.ts)
  exit 1
fi
source scripts/stand-ins.sh
start_stand_ins || exit 1
trap stop_stand_ins EXIT
OUT="$ROOT/.cache/bench-output.log"
: >"$OUT"
tail -n +1 -f "$OUT" &
TAIL_PID=$!
firebase emulators:exec --project demo-creator-bounty --only functions,tasks,firestore,auth \
  "bash '$ROOT/scripts/run-bench-inside.sh' '$OUT'" >"$ROOT/.cache/bench-emulators.log" 2>&1
STATUS=$?
sleep 0.5
kill "$TAIL_PID" 2>/dev/null
exit "$STATUS"
