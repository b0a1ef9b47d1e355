// Prints vitest's totals as one plain line ("vitest: N passed, N failed,
// N skipped") from its JSON report, so any log reader can count the tests.
import { readFileSync } from 'node:fs';

const path = process.argv[2] ?? 'target/vitest-results.json';
const r = JSON.parse(readFileSync(path, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
