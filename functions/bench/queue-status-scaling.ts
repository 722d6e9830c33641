/**
 * queueStatus scaling: `readQueueStatus` over a history of 1,000 task records against 50,000,
 * each in an emulator project of its own. Both hold the same live work and the same last two
 * hours; the rest is finished history spread over 30 days, with the stats shards and dead
 * letters the runtime would have written for it. Runs alternate between the two so machine
 * noise hits both alike; prints medians and ratios, asserts nothing.
 *
 * Two ratios: billed document reads (the production cost, expected exactly 1) and wall time.
 * The emulator answers every query by scanning the whole collection (it has no indexes), so its
 * time grows with history even though production's index-served reads do not.
 */
import { QUEUES } from '../src/config/queues';
import { durationBucket } from '../src/domain/duration-histogram';
import { utcHourKey } from '../src/domain/clock';
import { readQueueStatus, type QueueStatus } from '../src/processors/read-queue-status';
import type { QueueInspector } from '../src/runtime/queue-inspector';
import {
  clearProject,
  deadLetter,
  deadLetterCounter,
  isolatedProject,
  statsShard,
  taskRecord,
  writeDocs,
  type SeedDoc,
} from '../test/support/queue-status-seed';
import { median, timeIt } from './support';

const SIZES = [1_000, 50_000] as const;
// Each 50,000-record read takes the emulator seconds (see above), so fewer runs than elsewhere.
const RUNS = Number(process.env.QUEUE_STATUS_BENCH_RUNS ?? 7);
const NOW = new Date('2026-03-01T10:30:00Z');
const HOUR_MS = 3_600_000;
/** Queued and running records, the same in both projects. */
const LIVE = 36;
const HISTORY_HOURS = 30 * 24;

/**
 * Stands in for the Cloud Tasks API, production's source of depth, which costs no Firestore
 * reads; the records inspector is for the emulator only (see queue-inspector.ts).
 */
const cloudTasksStandIn: QueueInspector = {
  depth: async () => ({ depth: 0, oldestTaskAt: null, documentsRead: 0 }),
};

interface Shard {
  queue: string;
  hour: string;
  shard: number;
  succeeded: number;
  dead: number;
  retried: number;
  succeededAfterRetry: number;
  durationSumMs: number;
  buckets: Record<number, number>;
}

function addToShard(shards: Map<string, Shard>, queue: string, at: Date, index: number) {
  const hour = utcHourKey(at);
  const shard = index % 4;
  const key = `${queue}_${hour}_${shard}`;
  const entry = shards.get(key) ?? {
    ...{ queue, hour, shard, succeeded: 0, dead: 0, retried: 0, succeededAfterRetry: 0 },
    ...{ durationSumMs: 0, buckets: {} },
  };
  const durationMs = 20 + ((index * 37) % 3_000);
  const dead = index % 50 === 0;
  const retriedFirst = index % 7 === 0;
  entry[dead ? 'dead' : 'succeeded'] += 1;
  if (retriedFirst) entry.retried += 1;
  if (retriedFirst && !dead) entry.succeededAfterRetry += 1;
  entry.durationSumMs += durationMs;
  const bucket = durationBucket(durationMs);
  entry.buckets[bucket] = (entry.buckets[bucket] ?? 0) + 1;
  shards.set(key, entry);
}

/** One finished task: its record, its dead letter if it died, and its share of a stats shard. */
function finishedTask(index: number, inWindow: boolean, shards: Map<string, Shard>): SeedDoc[] {
  const queue = QUEUES[index % QUEUES.length].name;
  const hoursAgo = inWindow ? index % 2 : 2 + (Math.floor(index / QUEUES.length) % HISTORY_HOURS);
  const createdAt = new Date(NOW.getTime() - hoursAgo * HOUR_MS - (index % 1_800) * 1_000);
  const dead = index % 50 === 0;
  const attempts = index % 7 === 0 ? 2 : 1;
  addToShard(shards, queue, createdAt, index);
  const id = `task-${inWindow ? 'w' : 'h'}-${index}`;
  const status = dead ? 'dead' : 'succeeded';
  const docs = [taskRecord({ id, queue, status, createdAt, attempts })];
  if (dead) docs.push(deadLetter({ id, queue, attempts, failedAt: createdAt }));
  return docs;
}

function history(records: number): SeedDoc[] {
  const shards = new Map<string, Shard>();
  const docs: SeedDoc[] = [];
  for (let index = 0; index < LIVE; index += 1) {
    const queue = QUEUES[index % QUEUES.length].name;
    const status = index % 2 === 0 ? 'queued' : 'running';
    const createdAt = new Date(NOW.getTime() - (index + 1) * 60_000);
    docs.push(taskRecord({ id: `live-${index}`, queue, status, createdAt }));
  }
  // The window's finished work is the same in both projects; the rest is older history.
  const recent = 400;
  for (let index = 0; index < recent; index += 1) docs.push(...finishedTask(index, true, shards));
  for (let index = LIVE + recent; index < records; index += 1) {
    docs.push(...finishedTask(index, false, shards));
  }
  const deadLetters = docs.filter((doc) => doc.path.startsWith('deadLetters/')).length;
  docs.push(deadLetterCounter(0, deadLetters, 0));
  for (const { queue, hour, shard, buckets, ...counts } of shards.values()) {
    const durationCount = counts.succeeded + counts.dead;
    docs.push(statsShard(queue, hour, shard, { ...counts, durationCount, buckets }));
  }
  return docs;
}

interface Seeded {
  records: number;
  db: ReturnType<typeof isolatedProject>['db'];
  projectId: string;
}

async function seed(records: number): Promise<Seeded> {
  const { db, projectId } = isolatedProject(`bench-queue-status-${records}`);
  const docs = history(records);
  const ms = await timeIt(() => writeDocs(db, docs));
  const counts = new Map<string, number>();
  for (const doc of docs) {
    const collection = doc.path.split('/')[0];
    counts.set(collection, (counts.get(collection) ?? 0) + 1);
  }
  const summary = [...counts].map(([name, count]) => `${count.toLocaleString('en')} ${name}`);
  console.log(`queueStatus: seeded ${summary.join(', ')} in ${(ms / 1000).toFixed(1)} s`);
  return { records, db, projectId };
}

async function timeRead(project: Seeded, reads: Map<number, number>): Promise<number> {
  let status: QueueStatus | undefined;
  const ms = await timeIt(async () => {
    status = await readQueueStatus(project.db, cloudTasksStandIn, { now: NOW, sentryDsn: '' });
  });
  reads.set(project.records, status?.cost.documentsRead ?? 0);
  return ms;
}

export async function runQueueStatusBenchmark(): Promise<{ ratio: number; readsRatio: number }> {
  const projects: Seeded[] = [];
  try {
    for (const size of SIZES) projects.push(await seed(size));
    const [small, large] = projects;
    const times = new Map<number, number[]>(SIZES.map((size) => [size, []]));
    const reads = new Map<number, number>();
    await timeRead(small, reads); // warm the client and the emulator once for both
    await timeRead(large, reads);
    for (let run = 0; run < RUNS; run += 1) {
      for (const project of projects) {
        times.get(project.records)?.push(await timeRead(project, reads));
      }
    }
    return report(times, reads);
  } finally {
    await Promise.all(projects.map((project) => clearProject(project.projectId)));
  }
}

function report(times: Map<number, number[]>, reads: Map<number, number>) {
  const [small, large] = SIZES.map((size) => median(times.get(size) ?? []));
  const [smallReads, largeReads] = SIZES.map((size) => reads.get(size) ?? 0);
  const ratio = large / small;
  const readsRatio = largeReads / smallReads;
  const verdict =
    readsRatio === 1
      ? 'bounded: billed cost independent of history'
      : 'NOT bounded: billed reads grow with history';
  const fmt = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 });
  console.log(
    `queueStatus: ${fmt(SIZES[0])} records ${fmt(small)} ms, ${fmt(SIZES[1])} records ` +
      `${fmt(large)} ms (median of ${RUNS}) → ratio ${ratio.toFixed(2)}; documents read ` +
      `${smallReads} vs ${largeReads} → ratio ${readsRatio.toFixed(2)} (${verdict}; the ` +
      `emulator scans whole collections per query, so its time still grows with history)`,
  );
  return { ratio, readsRatio };
}

if (require.main === module) {
  runQueueStatusBenchmark().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
