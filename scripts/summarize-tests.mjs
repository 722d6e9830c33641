// Prints the closing summary of scripts/test.sh from the vitest JSON reports and the failed
// steps, and exits non-zero when anything failed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [reportsDir, ...rest] = process.argv.slice(2);
const notes = rest.filter((arg) => arg.startsWith('note:')).map((arg) => arg.slice(5));
const failedSteps = rest.filter((arg) => arg && !arg.startsWith('note:'));

let passed = 0;
let failed = 0;
for (const file of readdirSync(reportsDir).filter((name) => name.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(reportsDir, file), 'utf8'));
  if (typeof report.numPassedTests !== 'number') continue; // not a test report
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  console.log(`${file.replace('.json', '')}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
for (const note of notes) console.log(`NOTE: ${note}`);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
const stepFailures = failedSteps.length && failed === 0 ? failedSteps.length : 0;
console.log(`tests: ${passed} passed, ${failed + stepFailures} failed`);
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0);
