#!/usr/bin/env bash
# Runs inside `firebase emulators:exec` for the demo: the emulator hosts are in the environment.
set -euo pipefail
cd "$(dirname "$0")/../functions"
export GCLOUD_PROJECT=demo-creator-bounty
export CLOUD_TASKS_EMULATOR_HOST="${CLOUD_TASKS_EMULATOR_HOST:-127.0.0.1:9499}"
export DEMO_STORY_FILE="$1"
npx tsx tools/demo/run-demo.ts
