/**
 * Runs every benchmark and prints each figure as a ratio against its baseline measured in the
 * same run. Benchmarks that need the emulator suite run only when it is up (scripts/bench.sh
 * starts it).
 */
import { runColdStartBenchmark } from './cold-start';

async function main(): Promise<void> {
  runColdStartBenchmark();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
