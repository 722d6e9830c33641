/**
 * Operator CLI for the task queues, on the Admin SDK and the same readers as the `queueStatus`
 * endpoint. Run from functions/: `npx tsx tools/ops/cli.ts <command>` (see USAGE).
 *
 * Production: Application Default Credentials and GCLOUD_PROJECT. Local: FIRESTORE_EMULATOR_HOST
 * (and CLOUD_TASKS_EMULATOR_HOST for replays); the project defaults to demo-creator-bounty.
 * Against the emulator, queue depth comes from task records, since the Cloud Tasks client cannot
 * reach the Tasks emulator (see src/runtime/queue-inspector.ts).
 */
import { parseArgs } from 'node:util';

import type { Firestore } from 'firebase-admin/firestore';

import { AppError } from '../../src/domain/errors';
import { TASK_TYPES, isTaskType, type TaskType } from '../../src/domain/task-types';
import { DEFAULT_WINDOW_HOURS, MAX_WINDOW_HOURS } from '../../src/processors/queue-status-figures';
import { DEAD_LETTERS } from '../../src/runtime/task-records';
import { deadLettersView, replayLine, statusView, type DeadLetterRow } from './views';

const USAGE = `usage: npx tsx tools/ops/cli.ts <command> [options]

commands:
  status [--window-hours N]              queue health over the last N UTC hours (1..24, default ${DEFAULT_WINDOW_HOURS})
  dead-letters [--type T] [--limit N]    newest dead letters (limit 1..500, default 20)
  replay <taskId>                        re-enqueue one dead letter
  replay-all <type>                      re-enqueue the dead letters of a task type not yet replayed
                                         (examines only the first 500 letters of the type, replayed ones included)

options:
  --actor NAME       who to record in the audit log for replays (default: $USER)
  --location REGION  Cloud Tasks location in production (default: us-central1)

environment: GCLOUD_PROJECT (default demo-creator-bounty), FIRESTORE_EMULATOR_HOST,
CLOUD_TASKS_EMULATOR_HOST, SENTRY_DSN (for the monitoring line); production uses Application
Default Credentials.`;

const DEFAULT_PROJECT = 'demo-creator-bounty';

/** A mistake in the command line: printed with a hint, exit code 2. */
class UsageError extends Error {}

const OPTIONS = {
  'window-hours': { type: 'string' },
  type: { type: 'string' },
  limit: { type: 'string' },
  actor: { type: 'string' },
  location: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

interface Context {
  db: Firestore;
  project: string;
  emulator: string | undefined;
  values: Values;
  args: string[];
}

function parseCommandLine(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
    });
    return { values, command: positionals[0], args: positionals.slice(1) };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function integerOption(raw: string | undefined, name: string, fallback: number, max: number) {
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= 1 && value <= max)) throw new UsageError(`--${name} must be an integer 1..${max}`);
  return value;
}

function onePositional(args: string[], what: string): string {
  if (args.length !== 1) throw new UsageError(`expected exactly one ${what}`);
  return args[0];
}

function actorOf(values: Values): string {
  const actor = values.actor ?? process.env.USER;
  if (!actor) throw new UsageError('no actor: pass --actor NAME (or set $USER)');
  return actor;
}

async function connect(): Promise<Pick<Context, 'db' | 'project' | 'emulator'>> {
  process.env.GCLOUD_PROJECT ??= DEFAULT_PROJECT;
  const { getDb } = await import('../../src/adapters/firestore');
  return {
    db: getDb(),
    project: process.env.GCLOUD_PROJECT,
    emulator: process.env.FIRESTORE_EMULATOR_HOST,
  };
}

async function enqueueFor(ctx: Context) {
  if (ctx.emulator && !process.env.CLOUD_TASKS_EMULATOR_HOST) {
    throw new UsageError('replaying against the emulator needs CLOUD_TASKS_EMULATOR_HOST');
  }
  const { createEnqueue } = await import('../../src/runtime/enqueue');
  const { createCloudTasksDispatcher } = await import('../../src/adapters/task-dispatcher');
  return createEnqueue(ctx.db, createCloudTasksDispatcher());
}

async function status(ctx: Context): Promise<string> {
  const windowHours = integerOption(
    ctx.values['window-hours'],
    'window-hours',
    DEFAULT_WINDOW_HOURS,
    MAX_WINDOW_HOURS,
  );
  const inspectors = await import('../../src/runtime/queue-inspector');
  const inspector = ctx.emulator
    ? inspectors.createRecordsInspector(ctx.db)
    : inspectors.createCloudTasksInspector(
        ctx.project,
        ctx.values.location ?? inspectors.DEFAULT_QUEUE_LOCATION,
      );
  const { readQueueStatus } = await import('../../src/processors/read-queue-status');
  const result = await readQueueStatus(ctx.db, inspector, {
    windowHours,
    sentryDsn: process.env.SENTRY_DSN ?? '',
  });
  const target = `${ctx.project} (${ctx.emulator ? `emulator ${ctx.emulator}` : 'production'})`;
  return statusView(result, target);
}

function taskTypeOf(value: string): TaskType {
  if (!isTaskType(value)) {
    throw new UsageError(`unknown task type "${value}"; one of: ${TASK_TYPES.join(', ')}`);
  }
  return value;
}

async function deadLetters(ctx: Context): Promise<string> {
  const type = ctx.values.type === undefined ? null : taskTypeOf(ctx.values.type);
  const limit = integerOption(ctx.values.limit, 'limit', 20, 500);
  let query = ctx.db.collection(DEAD_LETTERS).orderBy('failedAt', 'desc').limit(limit);
  // Served by the (type, failedAt desc) index.
  if (type) query = query.where('type', '==', type);
  const snapshot = await query.get();
  const rows: DeadLetterRow[] = snapshot.docs.map((doc) => ({
    id: doc.id,
    type: String(doc.get('type') ?? '?'),
    queue: String(doc.get('queue') ?? '?'),
    attempts: Number(doc.get('attempts') ?? 0),
    failedAt: (doc.get('failedAt') as { toDate(): Date } | undefined)?.toDate() ?? null,
    errorCode: String(doc.get('error.code') ?? '?'),
    errorMessage: String(doc.get('error.message') ?? ''),
    replayTaskId: (doc.get('replayTaskId') as string | undefined) ?? null,
  }));
  return deadLettersView(rows);
}

async function replay(ctx: Context): Promise<string> {
  const taskId = onePositional(ctx.args, 'dead task id');
  const actor = actorOf(ctx.values);
  const { replayDeadLetter } = await import('../../src/processors/replay-dead-letter');
  return replayLine(await replayDeadLetter(ctx.db, await enqueueFor(ctx), taskId, actor));
}

async function replayAll(ctx: Context): Promise<string> {
  const type = taskTypeOf(onePositional(ctx.args, 'task type'));
  const actor = actorOf(ctx.values);
  const { replayDeadLettersOfType } = await import('../../src/processors/replay-dead-letter');
  const enqueue = await enqueueFor(ctx);
  const results = await replayDeadLettersOfType(ctx.db, enqueue, type, actor);
  if (results.length === 0) return `no dead letters of type ${type} waiting for a replay`;
  return [...results.map(replayLine), `${results.length} replayed by ${actor}`].join('\n');
}

const COMMANDS: Record<string, (ctx: Context) => Promise<string>> = {
  status,
  'dead-letters': deadLetters,
  replay,
  'replay-all': replayAll,
};

async function main(argv: string[]): Promise<number> {
  const { values, command, args } = parseCommandLine(argv);
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (!command) throw new UsageError('no command given');
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command "${command}"`);
  const output = await run({ ...(await connect()), values, args });
  console.log(output);
  return 0;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (error instanceof AppError) {
    console.error(`error: ${error.message} (${error.code})`);
    return 1;
  }
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

// Explicit exit: the Admin SDK's gRPC channels would otherwise keep the process alive.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(exitCodeFor(error)),
);
