#!/usr/bin/env bash
# Shared steps of the test, demo and bench commands. Source it from the repository root.

# Installs dependencies, puts the project's Node 24 first on PATH and builds the functions.
prepare_project() {
  bash scripts/install.sh || return 1
  export PATH="$PWD/node_modules/.bin:$PATH"
  (cd functions && npm run --silent build)
}

# run_in_emulators LIVE_LOG EMULATOR_LOG ARGS...: runs `firebase emulators:exec ARGS...` with the
# emulators' own output in EMULATOR_LOG, while showing LIVE_LOG (which the inner script writes)
# as it grows. Returns the exit status of emulators:exec.
run_in_emulators() {
  local live_log="$1" emulator_log="$2" tail_pid status
  shift 2
  : >"$live_log"
  tail -n +1 -f "$live_log" &
  tail_pid=$!
  firebase emulators:exec --project demo-creator-bounty "$@" >"$emulator_log" 2>&1
  status=$?
  sleep 0.5 # let tail print the last lines
  kill "$tail_pid" 2>/dev/null
  return "$status"
}
