#!/usr/bin/env bash
# The demo (README's first command): starts the emulator suite with the seed data of
# emulator-data/ and the local Stripe / oEmbed stand-ins, drives whole bounty lifecycles and
# prints the story, the final state of every document it touched and the queue status.
# The emulators' own log goes to .cache/demo-emulators.log.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
bash scripts/install.sh || exit 1
export PATH="$ROOT/node_modules/.bin:$PATH"
(cd functions && npm run --silent build) || exit 1

source scripts/emulator-env.sh
if [ "$EMULATOR_SUITE_READY" != 1 ]; then
  echo "demo: cannot run: $EMULATOR_SUITE_MISSING_REASON"
  exit 1
fi
source scripts/stand-ins.sh
start_stand_ins || exit 1
trap stop_stand_ins EXIT

STORY="$ROOT/.cache/demo-story.log"
: >"$STORY"
tail -n +1 -f "$STORY" &
TAIL_PID=$!
echo "demo: starting the emulator suite (log: .cache/demo-emulators.log)"
firebase emulators:exec --project demo-creator-bounty \
  --only functions,tasks,firestore,auth,pubsub --import emulator-data \
  "bash '$ROOT/scripts/run-demo-inside.sh' '$STORY'" >"$ROOT/.cache/demo-emulators.log" 2>&1
STATUS=$?
sleep 0.5
kill "$TAIL_PID" 2>/dev/null
if [ "$STATUS" != 0 ]; then
  echo "demo: FAILED (exit $STATUS); last emulator log lines:"
  tail -n 30 "$ROOT/.cache/demo-emulators.log"
fi
exit "$STATUS"
