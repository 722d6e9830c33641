#!/usr/bin/env bash
# Starts the local Stripe, oEmbed and Sentry stand-ins in the background and writes the
# emulator-only configuration that points the functions at them. Source it; call
# stop_stand_ins when done.
#
# The values written here are fake credentials for local servers, not secrets. The files are
# git-ignored so a developer's own overrides never get committed.

STAND_IN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export STRIPE_STAND_IN_PORT="${STRIPE_STAND_IN_PORT:-12111}"
export OEMBED_STAND_IN_PORT="${OEMBED_STAND_IN_PORT:-12112}"
export SENTRY_STAND_IN_PORT="${SENTRY_STAND_IN_PORT:-12113}"
export STRIPE_WEBHOOK_SECRET="${STRIPE_WEBHOOK_SECRET:-whsec_local_stand_in}"
export STRIPE_WEBHOOK_URL="${STRIPE_WEBHOOK_URL:-http://127.0.0.1:5001/demo-creator-bounty/us-central1/stripeWebhook}"
export STRIPE_STAND_IN_URL="http://127.0.0.1:${STRIPE_STAND_IN_PORT}"
export OEMBED_STAND_IN_URL="http://127.0.0.1:${OEMBED_STAND_IN_PORT}"
export SENTRY_STAND_IN_URL="http://127.0.0.1:${SENTRY_STAND_IN_PORT}"
STAND_IN_PID=''

write_emulator_config() {
  local functions_dir="$STAND_IN_DIR/functions"
  cat >"$functions_dir/.env.local" <<ENV
# Written by scripts/stand-ins.sh for emulator runs. Endpoint overrides are honoured only inside
# the Firebase emulator.
STRIPE_API_BASE_URL=${STRIPE_STAND_IN_URL}
OEMBED_BASE_URL=${OEMBED_STAND_IN_URL}
SENTRY_ENVIRONMENT=emulator
SENTRY_TRACES_SAMPLE_RATE=1
TASK_QUEUE_MAX_RETRIES=3
TASK_QUEUE_RETRY_DELAY=1
TASK_QUEUE_CANARY_CONCURRENCY=1
TASK_QUEUE_CANARY_DISPATCH_RATE=500
TASK_QUEUE_CONTENT_VERIFICATION_MAX_RETRIES=3
ENV
  cat >"$functions_dir/.secret.local" <<ENV
STRIPE_SECRET_KEY=sk_test_local_stand_in
STRIPE_WEBHOOK_SECRET=${STRIPE_WEBHOOK_SECRET}
SENTRY_DSN=http://publickey@127.0.0.1:${SENTRY_STAND_IN_PORT}/1
ENV
}

start_stand_ins() {
  local log="$STAND_IN_DIR/.cache/stand-ins.log"
  mkdir -p "$STAND_IN_DIR/.cache"
  write_emulator_config
  # Its own session, so stopping it stops npx, tsx and the node process tsx starts.
  setsid bash -c "cd '$STAND_IN_DIR/functions' && exec npx tsx tools/stand-ins/start.ts" \
    >"$log" 2>&1 </dev/null &
  STAND_IN_PID=$!
  for _ in $(seq 1 100); do
    if grep -q '"ready":true' "$log" 2>/dev/null; then return 0; fi
    if ! kill -0 "$STAND_IN_PID" 2>/dev/null; then break; fi
    sleep 0.2
  done
  echo "stand-ins: failed to start; log follows" >&2
  cat "$log" >&2
  return 1
}

stop_stand_ins() {
  if [ -n "$STAND_IN_PID" ]; then
    kill -- "-$STAND_IN_PID" 2>/dev/null || true
    wait "$STAND_IN_PID" 2>/dev/null || true
    STAND_IN_PID=''
  fi
}
