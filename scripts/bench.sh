#!/usr/bin/env bash
# Runs every benchmark and prints each figure as a ratio against a baseline measured in the same
# run: cold start (no emulator), then per-task overhead, sweep scaling, queueStatus scaling and
# enqueue fan-out inside the emulator suite. Benchmarks never assert timings: machines are shared
# and noisy. The emulators' own log goes to .cache/bench-emulators.log.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/suite.sh
prepare_project || exit 1

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
run_in_emulators "$OUT" "$ROOT/.cache/bench-emulators.log" \
  --only functions,tasks,firestore,auth "bash '$ROOT/scripts/run-bench-inside.sh' '$OUT'"
