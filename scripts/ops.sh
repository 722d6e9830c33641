#!/usr/bin/env bash
# The operator CLI (functions/tools/ops/cli.ts): `npm run ops -- status --window-hours 6`,
# `npm run ops -- dead-letters --type notification`, `npm run ops -- replay <taskId>`.
# Production: Application Default Credentials and GCLOUD_PROJECT=<project>. Against a running
# local emulator suite: FIRESTORE_EMULATOR_HOST=127.0.0.1:8080 CLOUD_TASKS_EMULATOR_HOST=127.0.0.1:9499.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
bash "$ROOT/scripts/install.sh" >&2
export PATH="$ROOT/node_modules/.bin:$PATH"
cd "$ROOT/functions"
exec npx tsx tools/ops/cli.ts "$@"
