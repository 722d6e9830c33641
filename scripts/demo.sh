#!/usr/bin/env bash
# The demo (README's first command): starts the emulator suite with the seed data of
# emulator-data/ and the local Stripe / oEmbed stand-ins, drives whole bounty lifecycles and
# prints the story, the final state of every document it touched and the queue status.
# The emulators' own log goes to .cache/demo-emulators.log.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source scripts/suite.sh
prepare_project || exit 1

source scripts/emulator-env.sh
if [ "$EMULATOR_SUITE_READY" != 1 ]; then
  echo "demo: cannot run: $EMULATOR_SUITE_MISSING_REASON"
  exit 1
fi
source scripts/stand-ins.sh
start_stand_ins || exit 1
trap stop_stand_ins EXIT

echo "demo: starting the emulator suite (log: .cache/demo-emulators.log)"
STORY="$ROOT/.cache/demo-story.log"
run_in_emulators "$STORY" "$ROOT/.cache/demo-emulators.log" \
  --only functions,tasks,firestore,auth,pubsub --import emulator-data \
  "bash '$ROOT/scripts/run-demo-inside.sh' '$STORY'"
STATUS=$?
if [ "$STATUS" != 0 ]; then
  echo "demo: FAILED (exit $STATUS); last emulator log lines:"
  tail -n 30 "$ROOT/.cache/demo-emulators.log"
fi
exit "$STATUS"
