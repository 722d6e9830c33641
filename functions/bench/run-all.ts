/**
 * Runs every benchmark and prints each figure as a ratio against its baseline measured in the
 * same run. The emulator-backed ones run inside the emulator suite (scripts/bench.sh starts it).
 * No benchmark asserts a timing.
 */
import { runColdStartBenchmark } from './cold-start';
import { runEnqueueFanoutBenchmark } from './enqueue-fanout';
import { runQueueStatusBenchmark } from './queue-status-scaling';
import { runSweepBenchmark } from './sweep-scaling';
import { runTaskOverheadBenchmark } from './task-overhead';

async function main(): Promise<void> {
  runColdStartBenchmark();
  if (!process.env.FIRESTORE_EMULATOR_HOST) {
    console.log('emulator benchmarks NOT RUN: no emulator suite (run through npm run bench)');
    process.exitCode = 1;
    return;
  }
  await runTaskOverheadBenchmark();
  await runSweepBenchmark();
  await runQueueStatusBenchmark();
  await runEnqueueFanoutBenchmark();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
