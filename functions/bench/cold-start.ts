/**
 * Cold-start benchmark: module-load time and memory of the built `lib/index.js` against a
 * baseline that loads only the firebase-functions providers and the firebase-admin modules the
 * project uses. Each sample is a fresh Node process; samples alternate between the two so machine
 * noise hits both alike. Prints medians and the ratio (target ≤ 1.2).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const FUNCTIONS_DIR = resolve(__dirname, '..');
const RUNS = Number(process.env.COLD_START_RUNS ?? 11);

const BASELINE_MODULES = [
  'firebase-functions/v2/firestore',
  'firebase-functions/v2/tasks',
  'firebase-functions/v2/https',
  'firebase-functions/v2/scheduler',
  'firebase-functions/params',
  'firebase-functions/logger',
  'firebase-admin/app',
  'firebase-admin/firestore',
  'firebase-admin/functions',
];

function probe(modules: string[]): string {
  return `
    const before = process.memoryUsage().rss;
    const start = process.hrtime.bigint();
    for (const name of ${JSON.stringify(modules)}) require(name);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const mb = (process.memoryUsage().rss - before) / 1048576;
    process.stdout.write(JSON.stringify({ ms, mb }));
  `;
}

interface Sample {
  ms: number;
  mb: number;
}

function sample(modules: string[]): Sample {
  const output = execFileSync(process.execPath, ['-e', probe(modules)], {
    cwd: FUNCTIONS_DIR,
    encoding: 'utf8',
  });
  return JSON.parse(output) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function runColdStartBenchmark(): { ratio: number } {
  const index = [resolve(FUNCTIONS_DIR, 'lib/index.js')];
  const baseline: Sample[] = [];
  const project: Sample[] = [];
  sample(index); // warm the file-system cache once for both
  sample(BASELINE_MODULES);
  for (let run = 0; run < RUNS; run += 1) {
    baseline.push(sample(BASELINE_MODULES));
    project.push(sample(index));
  }
  const baseMs = median(baseline.map((s) => s.ms));
  const indexMs = median(project.map((s) => s.ms));
  const ratio = indexMs / baseMs;
  console.log(
    `cold start: lib/index.js loads in ${indexMs.toFixed(1)} ms (median of ${RUNS}), ` +
      `baseline providers + firebase-admin ${baseMs.toFixed(1)} ms → ratio ${ratio.toFixed(2)} ` +
      `(target ≤ 1.20); memory ${median(project.map((s) => s.mb)).toFixed(1)} MB vs ` +
      `${median(baseline.map((s) => s.mb)).toFixed(1)} MB`,
  );
  return { ratio };
}

if (require.main === module) runColdStartBenchmark();
