#!/usr/bin/env bash
# Runs inside `firebase emulators:exec` for the benchmarks; structured log lines are dropped.
set -uo pipefail
cd "$(dirname "$0")/../functions"
export CLOUD_TASKS_EMULATOR_HOST="${CLOUD_TASKS_EMULATOR_HOST:-127.0.0.1:9499}"
npx tsx bench/run-all.ts 2>&1 | grep --line-buffered -v '"severity"' >>"$1"
