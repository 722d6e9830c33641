#!/usr/bin/env bash
# Runs inside `firebase emulators:exec`: the emulator hosts are in the environment.
set -euo pipefail
cd "$(dirname "$0")/../functions"
export GCLOUD_PROJECT=demo-creator-bounty
export CLOUD_TASKS_EMULATOR_HOST="${CLOUD_TASKS_EMULATOR_HOST:-127.0.0.1:9499}"
echo "running against emulators: firestore=${FIRESTORE_EMULATOR_HOST:-?} tasks=${CLOUD_TASKS_EMULATOR_HOST} auth=${FIREBASE_AUTH_EMULATOR_HOST:-?} functions=127.0.0.1:5001" >"$2"
# Output goes to a file the harness shows live, apart from the emulators' own log.
npx vitest run --project integration --project rules \
  --reporter=default --reporter=json --outputFile.json="$1" >>"$2" 2>&1
